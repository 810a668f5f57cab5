// Text tables for the posting generator. Names are real companies and places so the text reads like
// JSearch output; nothing here is copied from the recorded corpus.
#include "fake_jsearch/vocabulary.hpp"

namespace jobpilot::fake_jsearch {

const std::vector<family_info>& families() {
  static const std::vector<family_info> table = {
      {"software_engineer", "Software engineer",
       {"Software Engineer", "Senior Software Engineer", "Software Developer", "Backend Engineer", "Full Stack Developer",
        "C++ Software Engineer", "Python Developer", "Frontend Engineer (React)", "Staff Software Engineer",
        "Software Engineer II", "Java Developer", "Embedded Software Engineer", "Junior Software Developer",
        "Lead Software Developer"},
       {"software", "developer", "programmer", "backend", "back end", "frontend", "front end", "full stack", "fullstack",
        "python", "java", "javascript", "react", "c++", "web developer", "coder", "swe"},
       {"C++", "Python", "JavaScript", "JS", "TypeScript", "Java", "Go", "React", "Node.js", "SQL", "PostgreSQL", "AWS",
        "Docker", "Kubernetes", "k8s", "REST APIs", "Git", "Linux", "CI/CD", "GraphQL", "C#", ".NET"},
       {"Design, build and maintain scalable services in {skill} and {skill2}",
        "Write clean, well-tested code and take part in code reviews",
        "Collaborate with product managers and designers to ship new features for the {team} team",
        "Troubleshoot and resolve production issues, including on-call rotation",
        "Improve the performance, reliability and observability of our systems",
        "Build and maintain CI/CD pipelines and automated tests",
        "Develop REST and GraphQL APIs consumed by web and mobile clients",
        "Mentor junior engineers and contribute to technical design documents",
        "Migrate legacy components to {skill} running on {skill2}",
        "Participate in Agile ceremonies: sprint planning, stand-ups and retrospectives"},
       {"Strong proficiency in {skill} and working knowledge of {skill2}",
        "Experience with relational databases such as PostgreSQL or MySQL",
        "Familiarity with cloud platforms (AWS, Azure or GCP)",
        "Solid understanding of data structures, algorithms and software design",
        "Experience with containers (Docker) and orchestration (Kubernetes / k8s)",
        "Excellent written and verbal communication skills",
        "Ability to work independently in a fast-paced environment"},
       {"Bachelor's degree in Computer Science, Software Engineering or a related field",
        "BS/MS in Computer Science or equivalent practical experience",
        "Bachelor's degree in Computer Science or Engineering preferred"},
       {"Platform", "Payments", "Search", "Mobile", "Core Services", "Developer Experience", "Data Platform"},
       "15113200", "4",
       {"15-1132.00: Software Developers, Applications", "Developer", "Engineering", "Technology - Software Engineering"},
       95000, 210000, 48, 95, 0.15, 0.25, 20,
       {sector::tech, sector::finance, sector::retail, sector::industrial, sector::consulting, sector::telecom,
        sector::staffing}},
      {"data_scientist", "Data scientist",
       {"Data Scientist", "Senior Data Scientist", "Machine Learning Engineer", "Data Analyst", "NLP Data Scientist",
        "Data Engineer", "Applied Scientist", "Business Intelligence Analyst", "Junior Data Scientist"},
       {"data", "scientist", "machine learning", "ml", "analyst", "analytics", "nlp", "ai", "statistician",
        "business intelligence", "bi"},
       {"Python", "SQL", "R", "Pandas", "scikit-learn", "TensorFlow", "PyTorch", "Spark", "Tableau", "Power BI",
        "Airflow", "AWS", "Snowflake", "dbt", "statistics", "LLMs"},
       {"Build and deploy machine learning models using {skill} and {skill2}",
        "Analyze large structured and unstructured data sets to answer business questions",
        "Design A/B tests and measure the impact of product changes for the {team} team",
        "Develop dashboards and reports in Tableau or Power BI",
        "Partner with engineering to productionize models and data pipelines",
        "Communicate findings to technical and non-technical stakeholders",
        "Maintain ETL pipelines in Python and SQL orchestrated with Airflow",
        "Research and prototype NLP and LLM-based solutions"},
       {"Hands-on experience with {skill} and {skill2}",
        "Strong background in statistics, experimentation and causal inference",
        "Proficiency in SQL and data modeling",
        "Experience with cloud data warehouses such as Snowflake or BigQuery",
        "Ability to explain complex analyses clearly",
        "Experience with version control (Git) and reproducible workflows"},
       {"Master's degree or PhD in Statistics, Computer Science, Mathematics or a related quantitative field",
        "Bachelor's degree in a quantitative discipline (Statistics, Economics, Mathematics)",
        "BS in Computer Science, Statistics or equivalent experience"},
       {"Analytics", "Machine Learning", "Risk", "Marketing Science", "Growth", "Forecasting"},
       "15205100", "5", {"Data Science", "15-2051.00: Data Scientists", "Technology"}, 90000, 195000, 45, 90, 0.1, 0.3, 10,
       {sector::tech, sector::finance, sector::health, sector::retail, sector::consulting, sector::staffing}},
      {"product_manager", "Product manager",
       {"Product Manager", "Senior Product Manager", "Technical Product Manager", "Product Owner",
        "Associate Product Manager", "Group Product Manager"},
       {"product manager", "product owner", "product management", "pm", "product"},
       {"Jira", "Agile", "Scrum", "SQL", "A/B testing", "roadmaps", "user research", "Figma", "Amplitude"},
       {"Own the product roadmap for the {team} area and prioritize the backlog",
        "Write clear requirements and user stories in Jira",
        "Work closely with engineering, design and data science to deliver features",
        "Define success metrics and run A/B testing to validate ideas",
        "Gather customer feedback through interviews and user research",
        "Present product strategy to leadership and stakeholders"},
       {"Track record of shipping products customers love",
        "Comfort with data: SQL, dashboards and {skill}",
        "Experience working in Agile and Scrum teams",
        "Strong communication and stakeholder management skills",
        "Technical background or experience working closely with engineers"},
       {"Bachelor's degree in Business, Computer Science or a related field", "MBA preferred"},
       {"Checkout", "Onboarding", "Growth", "Platform", "Mobile Apps"},
       "11302100", "4", {"Product Development", "Product Management"}, 105000, 215000, 55, 95, 0.05, 0.2, 6,
       {sector::tech, sector::finance, sector::retail, sector::telecom, sector::consulting}},
      {"registered_nurse", "Registered nurse",
       {"Registered Nurse", "Registered Nurse - Med Surg", "ICU Registered Nurse", "Travel Nurse RN - Telemetry",
        "Charge Nurse RN", "RN - Emergency Department", "Registered Nurse (RN) - Night Shift", "Home Health RN"},
       {"nurse", "nursing", "rn", "registered nurse", "icu", "med surg", "telemetry", "lpn"},
       {"BLS", "ACLS", "PALS", "Epic", "EMR", "patient assessment", "medication administration", "IV therapy",
        "wound care", "care planning"},
       {"Provide direct patient care in the {team} unit following established standards",
        "Perform patient assessments and document findings in Epic",
        "Administer medications and treatments as ordered by physicians",
        "Educate patients and families on care plans and discharge instructions",
        "Collaborate with the interdisciplinary care team",
        "Monitor patient condition and respond to changes promptly",
        "Supervise LPNs and nursing assistants as needed"},
       {"Current RN license in the state of practice", "BLS and ACLS certification required",
        "Strong clinical judgment and critical thinking", "Experience with EMR charting (Epic or Cerner)",
        "Ability to work 12-hour shifts, weekends and holidays"},
       {"Associate's or Bachelor's degree in Nursing (ADN/BSN)", "BSN preferred", "Graduate of an accredited nursing program"},
       {"Medical-Surgical", "ICU", "Emergency Department", "Telemetry", "Labor and Delivery", "Oncology"},
       "29114100", "3", {"Nursing", "29-1141.00: Registered Nurses"}, 72000, 125000, 38, 78, 0.55, 0.01, 12,
       {sector::health, sector::health_staffing}},
      {"accountant", "Accountant",
       {"Staff Accountant", "Senior Accountant", "Accounts Payable Specialist", "Tax Accountant", "Financial Analyst",
        "Accounting Manager", "Bookkeeper", "Payroll Specialist"},
       {"accountant", "accounting", "accounts", "tax", "bookkeeper", "cpa", "finance", "financial", "payroll", "auditor"},
       {"GAAP", "Excel", "QuickBooks", "SAP", "NetSuite", "Oracle", "account reconciliations", "month-end close",
        "financial reporting", "accounts payable"},
       {"Prepare journal entries and perform account reconciliations", "Support the month-end close process and variance analysis",
        "Maintain the general ledger in NetSuite or SAP", "Assist with audits and tax filings",
        "Process vendor invoices and payments accurately and on time", "Prepare monthly financial statements for the {team} group",
        "Identify process improvements and automate recurring reports"},
       {"Knowledge of GAAP and strong Excel skills", "Advanced Excel (pivot tables, VLOOKUP)",
        "Attention to detail and strong organizational skills", "Experience with ERP systems such as SAP or NetSuite",
        "CPA or CPA candidate preferred"},
       {"Bachelor's degree in Accounting or Finance", "Bachelor's degree in Accounting; CPA preferred",
        "Associate's degree in Accounting or equivalent experience"},
       {"Corporate Accounting", "Finance", "Tax", "Controller", "Shared Services"},
       "13201100", "4", {"Accounting", "13-2011.00: Accountants and Auditors"}, 55000, 115000, 24, 48, 0.25, 0.15, 8,
       {sector::finance, sector::health, sector::retail, sector::industrial, sector::consulting, sector::logistics,
        sector::staffing}},
      {"sales", "Sales representative",
       {"Sales Representative", "Account Executive", "Inside Sales Representative", "Business Development Manager",
        "Retail Sales Associate", "Territory Sales Manager", "Sales Development Representative"},
       {"sales", "account executive", "business development", "sdr", "bdr", "retail associate", "territory"},
       {"Salesforce", "CRM", "cold calling", "negotiation", "B2B sales", "prospecting", "HubSpot", "pipeline management"},
       {"Generate new business through cold calling, prospecting and networking", "Manage the full sales cycle from prospecting to close",
        "Maintain accurate records in Salesforce CRM", "Meet or exceed monthly and quarterly quotas",
        "Build long-term relationships with customers in the {team} territory",
        "Deliver product demonstrations and presentations"},
       {"Proven track record in B2B sales", "Experience with HubSpot or similar CRM tools", "Excellent communication and negotiation skills",
        "Self-motivated and goal-oriented", "Valid driver's license and reliable transportation"},
       {"High school diploma or GED required", "Bachelor's degree in Business or Marketing preferred"},
       {"Northeast", "Enterprise", "SMB", "West Coast", "Midwest"},
       "41401200", "3", {"Sales", "41-4012.00: Sales Representatives"}, 45000, 120000, 16, 30, 0.3, 0.15, 10,
       {sector::tech, sector::finance, sector::retail, sector::telecom, sector::bpo, sector::staffing}},
      {"warehouse", "Warehouse associate",
       {"Warehouse Associate", "Forklift Operator", "Picker Packer", "Shipping and Receiving Clerk", "Material Handler",
        "Warehouse Team Member - Overnight", "Fulfillment Center Associate"},
       {"warehouse", "forklift", "picker", "packer", "material handler", "fulfillment", "shipping", "receiving", "logistics"},
       {"forklift certification", "RF scanner", "inventory", "pallet jack", "OSHA safety", "shipping and receiving"},
       {"Pick, pack and ship customer orders accurately using an RF scanner", "Load and unload trucks safely",
        "Operate a forklift or pallet jack in a busy warehouse", "Count and reconcile inventory daily",
        "Keep work areas clean and follow safety procedures", "Label, scan and stage outbound shipments for the {team} shift"},
       {"Able to lift up to 50 lbs repeatedly", "Able to stand and walk for 10-hour shifts",
        "Forklift certification a plus", "Basic math and reading skills", "Reliable attendance"},
       {"High school diploma or GED preferred", "No degree required"},
       {"Day", "Night", "Weekend", "Overnight"},
       "53706200", "2", {"Warehouse", "53-7062.00: Laborers and Freight, Stock, and Material Movers"}, 32000, 48000, 16, 24,
       0.9, 0.0, 12,
       {sector::retail, sector::logistics, sector::industrial, sector::staffing}},
      {"devops", "DevOps engineer",
       {"DevOps Engineer", "Site Reliability Engineer", "Cloud Engineer", "Platform Engineer", "Senior DevOps Engineer",
        "Cloud Infrastructure Engineer"},
       {"devops", "sre", "site reliability", "cloud", "platform engineer", "infrastructure", "kubernetes", "k8s", "terraform"},
       {"Kubernetes", "k8s", "Terraform", "AWS", "Azure", "GCP", "Docker", "Linux", "Python", "Bash", "Prometheus",
        "Ansible", "Helm", "CI/CD"},
       {"Build and operate infrastructure as code with Terraform and Ansible", "Run and scale Kubernetes (k8s) clusters in production",
        "Automate deployments and improve CI/CD pipelines", "Define SLOs and improve monitoring with Prometheus and Grafana",
        "Respond to incidents and lead blameless postmortems", "Harden systems and keep them patched and compliant",
        "Support the {team} teams with self-service tooling"},
       {"Deep experience with {skill} and {skill2}", "Strong Linux administration and scripting (Bash, Python)",
        "Experience with AWS, Azure or GCP", "Understanding of networking, DNS and load balancing",
        "On-call experience for production systems"},
       {"Bachelor's degree in Computer Science or equivalent experience", "Relevant certifications (AWS, CKA) a plus"},
       {"Infrastructure", "Reliability", "Cloud Platform", "Production Engineering"},
       "15124400", "4", {"Engineering", "15-1244.00: Network and Computer Systems Administrators"}, 100000, 200000, 50, 95,
       0.1, 0.35, 7,
       {sector::tech, sector::finance, sector::telecom, sector::consulting, sector::industrial, sector::staffing}},
      {"customer_service", "Customer service representative",
       {"Customer Service Representative", "Call Center Agent", "Customer Support Specialist",
        "Bilingual Customer Service Representative", "Client Services Associate", "Technical Support Representative"},
       {"customer service", "customer support", "call center", "support specialist", "client services", "help desk"},
       {"Zendesk", "Salesforce", "data entry", "active listening", "conflict resolution", "Microsoft Office", "ticketing systems"},
       {"Answer inbound calls, chats and emails from customers", "Resolve billing and account questions using our CRM",
        "Document every interaction accurately in Zendesk or Salesforce", "Escalate complex issues to the {team} team",
        "Meet quality and handle-time goals", "Process orders, returns and exchanges"},
       {"Excellent active listening and conflict resolution skills", "Experience with Zendesk or similar ticketing systems", "Typing speed of 35+ WPM",
        "Patient, friendly and professional phone manner", "Bilingual (English/Spanish) a plus"},
       {"High school diploma or GED required", "Some college preferred"},
       {"Customer Care", "Billing", "Tier 1 Support", "Member Services"},
       "43405100", "2", {"Customer Service", "43-4051.00: Customer Service Representatives"}, 33000, 52000, 15, 24, 0.7,
       0.3, 9,
       {sector::telecom, sector::bpo, sector::finance, sector::health, sector::retail, sector::tech, sector::staffing}},
      {"driver", "Truck driver",
       {"CDL-A Truck Driver", "Delivery Driver", "Regional Truck Driver", "Local CDL Class A Driver", "Route Sales Driver",
        "Box Truck Driver"},
       {"driver", "cdl", "truck", "trucking", "delivery", "courier", "otr"},
       {"Class A CDL", "DOT regulations", "ELD", "pre-trip inspections", "route planning", "clean MVR"},
       {"Deliver freight safely and on time to customers in the {team} region",
        "Complete pre-trip and post-trip inspections", "Keep accurate hours-of-service logs using ELD",
        "Load and unload product as needed", "Follow all DOT regulations and company safety policies"},
       {"Valid Class A CDL", "Clean MVR required", "At least 21 years old", "Able to pass a DOT physical and drug screen"},
       {"High school diploma or GED preferred", "No degree required"},
       {"Southeast", "Midwest", "Texas", "Local", "Dedicated"},
       "53303200", "2", {"Transportation", "53-3032.00: Heavy and Tractor-Trailer Truck Drivers"}, 55000, 95000, 22, 36,
       0.5, 0.0, 6,
       {sector::logistics, sector::retail, sector::industrial, sector::staffing}},
  };
  return table;
}

const std::vector<employer_info>& employers() {
  static const std::vector<employer_info> table = {
      {"Google", "google.com", "Information", "519130", "Internet Publishing and Broadcasting and Web Search Portals", sector::tech, "Mountain View"},
      {"Microsoft", "microsoft.com", "Computer Services", "511210", "Software Publishers", sector::tech, "Seattle"},
      {"Amazon", "amazon.com", "Retail", "454110", "Electronic Shopping and Mail-Order Houses", sector::tech, "Seattle"},
      {"Meta", "meta.com", "Information", "519130", "Internet Publishing and Broadcasting and Web Search Portals", sector::tech, "Menlo Park"},
      {"Apple", "apple.com", "Computer Services", "334111", "Electronic Computer Manufacturing", sector::tech, "San Jose"},
      {"Oracle", "oracle.com", "Computer Services", "511210", "Software Publishers", sector::tech, "Austin"},
      {"Salesforce", "salesforce.com", "Computer Services", "511210", "Software Publishers", sector::tech, "San Francisco"},
      {"Adobe", "adobe.com", "Computer Services", "511210", "Software Publishers", sector::tech, "San Jose"},
      {"IBM", "ibm.com", "Computer Services", "541512", "Computer Systems Design Services", sector::tech, "New York"},
      {"Intel", "intel.com", "Manufacturing", "334413", "Semiconductor and Related Device Manufacturing", sector::tech, "Phoenix"},
      {"NVIDIA", "nvidia.com", "Manufacturing", "334413", "Semiconductor and Related Device Manufacturing", sector::tech, "San Jose"},
      {"Cisco", "cisco.com", "Computer Services", "334210", "Telephone Apparatus Manufacturing", sector::tech, "San Jose"},
      {"Snowflake", "snowflake.com", "Computer Services", "541511", "Custom Computer Programming Services", sector::tech, "San Francisco"},
      {"Stripe", "stripe.com", "Information", "511210", "Software Publishers", sector::tech, "San Francisco"},
      {"Datadog", "datadoghq.com", "Computer Services", "511210", "Software Publishers", sector::tech, "New York"},
      {"Atlassian", "atlassian.com", "Computer Services", "511210", "Software Publishers", sector::tech, "Austin"},
      {"ServiceNow", "servicenow.com", "Computer Services", "511210", "Software Publishers", sector::tech, "San Diego"},
      {"Workday", "workday.com", "Computer Services", "511210", "Software Publishers", sector::tech, "San Francisco"},
      {"Palantir Technologies", "palantir.com", "Computer Services", "511210", "Software Publishers", sector::tech, "Denver"},
      {"Uber", "uber.com", "Information", "485310", "Taxi Service", sector::tech, "San Francisco"},
      {"DoorDash", "doordash.com", "Information", "492210", "Local Messengers and Local Delivery", sector::tech, "San Francisco"},
      {"Reddit", "reddit.com", "Information", "519130", "Internet Publishing and Broadcasting and Web Search Portals", sector::tech, "San Francisco"},
      {"Twilio", "twilio.com", "Computer Services", "511210", "Software Publishers", sector::tech, "Denver"},
      {"Cloudflare", "cloudflare.com", "Computer Services", "518210", "Data Processing, Hosting, and Related Services", sector::tech, "Austin"},
      {"HubSpot", "hubspot.com", "Computer Services", "511210", "Software Publishers", sector::tech, "Boston"},
      {"Zillow", "zillow.com", "Information", "531210", "Offices of Real Estate Agents and Brokers", sector::tech, "Seattle"},
      {"Intuit", "intuit.com", "Computer Services", "511210", "Software Publishers", sector::tech, "San Diego"},
      {"PayPal", "paypal.com", "Finance", "522320", "Financial Transactions Processing", sector::tech, "San Jose"},
      {"Epic Systems", "epic.com", "Computer Services", "511210", "Software Publishers", sector::tech, "Madison"},
      {"SAP", "sap.com", "Computer Services", "511210", "Software Publishers", sector::tech, "Berlin"},
      {"Zalando", "zalando.com", "Retail", "454110", "Electronic Shopping and Mail-Order Houses", sector::tech, "Berlin"},
      {"Delivery Hero", "deliveryhero.com", "Information", "492210", "Local Messengers and Local Delivery", sector::tech, "Berlin"},
      {"N26", "n26.com", "Finance", "522110", "Commercial Banking", sector::finance, "Berlin"},
      {"Revolut", "revolut.com", "Finance", "522320", "Financial Transactions Processing", sector::finance, "London"},
      {"Monzo Bank", "monzo.com", "Finance", "522110", "Commercial Banking", sector::finance, "London"},
      {"Shopify", "shopify.com", "Computer Services", "511210", "Software Publishers", sector::tech, "Toronto"},
      {"Wealthsimple", "wealthsimple.com", "Finance", "523920", "Portfolio Management", sector::finance, "Toronto"},
      {"JPMorgan Chase & Co.", "jpmorganchase.com", "Finance", "522110", "Commercial Banking", sector::finance, "New York"},
      {"Bank of America", "bankofamerica.com", "Finance", "522110", "Commercial Banking", sector::finance, "Charlotte"},
      {"Wells Fargo", "wellsfargo.com", "Finance", "522110", "Commercial Banking", sector::finance, "Charlotte"},
      {"Capital One", "capitalone.com", "Finance", "522210", "Credit Card Issuing", sector::finance, "Richmond"},
      {"Goldman Sachs", "goldmansachs.com", "Finance", "523110", "Investment Banking and Securities Dealing", sector::finance, "New York"},
      {"Fidelity Investments", "fidelity.com", "Finance", "523920", "Portfolio Management", sector::finance, "Boston"},
      {"Charles Schwab", "schwab.com", "Finance", "523120", "Securities Brokerage", sector::finance, "Dallas"},
      {"Truist Bank", "truist.com", "Finance", "522120", "Savings Institutions", sector::finance, "Charlotte"},
      {"American Express", "americanexpress.com", "Finance", "522210", "Credit Card Issuing", sector::finance, "Phoenix"},
      {"USAA", "usaa.com", "Finance", "524126", "Direct Property and Casualty Insurance Carriers", sector::finance, "San Antonio"},
      {"Deloitte", "deloitte.com", "Consulting", "541211", "Offices of Certified Public Accountants", sector::consulting, "Chicago"},
      {"PwC", "pwc.com", "Consulting", "541211", "Offices of Certified Public Accountants", sector::consulting, "New York"},
      {"EY", "ey.com", "Consulting", "541211", "Offices of Certified Public Accountants", sector::consulting, "New York"},
      {"KPMG", "kpmg.com", "Consulting", "541211", "Offices of Certified Public Accountants", sector::consulting, "New York"},
      {"Booz Allen Hamilton", "boozallen.com", "Consulting", "541611", "Administrative Management and General Management Consulting Services", sector::consulting, "Washington"},
      {"Leidos", "leidos.com", "Engineering Services", "541330", "Engineering Services", sector::consulting, "Reston"},
      {"SAIC", "saic.com", "Computer Services", "541512", "Computer Systems Design Services", sector::consulting, "Reston"},
      {"KBR, Inc.", "kbr.com", "Engineering Services", "541330", "Engineering Services", sector::consulting, "Houston"},
      {"HCA Healthcare", "hcahealthcare.com", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "Nashville"},
      {"Kaiser Permanente", "kaiserpermanente.org", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "Los Angeles"},
      {"Mayo Clinic", "mayoclinic.org", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "Phoenix"},
      {"Cleveland Clinic", "clevelandclinic.org", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "Cleveland"},
      {"CommonSpirit Health", "commonspirit.org", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "Chicago"},
      {"Ascension", "ascension.org", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "St. Louis"},
      {"AdventHealth", "adventhealth.com", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "Orlando"},
      {"Providence", "providence.org", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "Portland"},
      {"Atrium Health", "atriumhealth.org", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "Charlotte"},
      {"Baylor Scott & White Health", "bswhealth.com", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "Dallas"},
      {"Northwell Health", "northwell.edu", "Health Care", "622110", "General Medical and Surgical Hospitals", sector::health, "New York"},
      {"UnitedHealth Group", "unitedhealthgroup.com", "Finance", "524114", "Direct Health and Medical Insurance Carriers", sector::health, "Minneapolis"},
      {"CVS Health", "cvshealth.com", "Retail", "446110", "Pharmacies and Drug Stores", sector::health, "Boston"},
      {"Walmart", "walmart.com", "Retail", "452319", "All Other General Merchandise Stores", sector::retail, "Bentonville"},
      {"Target", "target.com", "Retail", "452210", "Department Stores", sector::retail, "Minneapolis"},
      {"Costco Wholesale", "costco.com", "Retail", "452311", "Warehouse Clubs and Supercenters", sector::retail, "Seattle"},
      {"The Home Depot", "homedepot.com", "Retail", "444110", "Home Centers", sector::retail, "Atlanta"},
      {"Lowe's", "lowes.com", "Retail", "444110", "Home Centers", sector::retail, "Charlotte"},
      {"Kroger", "kroger.com", "Retail", "445110", "Supermarkets and Other Grocery Stores", sector::retail, "Columbus"},
      {"Best Buy", "bestbuy.com", "Retail", "443142", "Electronics Stores", sector::retail, "Minneapolis"},
      {"Chewy", "chewy.com", "Retail", "454110", "Electronic Shopping and Mail-Order Houses", sector::retail, "Orlando"},
      {"Sysco", "sysco.com", "Retail", "424410", "General Line Grocery Merchant Wholesalers", sector::retail, "Houston"},
      {"PepsiCo", "pepsico.com", "Manufacturing", "312111", "Soft Drink Manufacturing", sector::retail, "New York"},
      {"FedEx", "fedex.com", "Logistics", "492110", "Couriers and Express Delivery Services", sector::logistics, "Memphis"},
      {"UPS", "ups.com", "Logistics", "492110", "Couriers and Express Delivery Services", sector::logistics, "Atlanta"},
      {"DHL Supply Chain", "dhl.com", "Logistics", "493110", "General Warehousing and Storage", sector::logistics, "Columbus"},
      {"XPO", "xpo.com", "Logistics", "484121", "General Freight Trucking, Long-Distance, Truckload", sector::logistics, "Charlotte"},
      {"J.B. Hunt Transport Services", "jbhunt.com", "Logistics", "484121", "General Freight Trucking, Long-Distance, Truckload", sector::logistics, "Bentonville"},
      {"Werner Enterprises", "werner.com", "Logistics", "484121", "General Freight Trucking, Long-Distance, Truckload", sector::logistics, "Omaha"},
      {"Schneider National", "schneider.com", "Logistics", "484121", "General Freight Trucking, Long-Distance, Truckload", sector::logistics, "Chicago"},
      {"Boeing", "boeing.com", "Manufacturing", "336411", "Aircraft Manufacturing", sector::industrial, "Seattle"},
      {"Lockheed Martin", "lockheedmartin.com", "Manufacturing", "336414", "Guided Missile and Space Vehicle Manufacturing", sector::industrial, "Denver"},
      {"Tesla", "tesla.com", "Manufacturing", "336111", "Automobile Manufacturing", sector::industrial, "Austin"},
      {"General Motors", "gm.com", "Manufacturing", "336111", "Automobile Manufacturing", sector::industrial, "Detroit"},
      {"Honeywell", "honeywell.com", "Manufacturing", "334512", "Automatic Environmental Control Manufacturing", sector::industrial, "Charlotte"},
      {"3M", "3m.com", "Manufacturing", "325520", "Adhesive Manufacturing", sector::industrial, "Minneapolis"},
      {"AT&T", "att.com", "Telecommunications", "517312", "Wireless Telecommunications Carriers", sector::telecom, "Dallas"},
      {"Verizon", "verizon.com", "Telecommunications", "517312", "Wireless Telecommunications Carriers", sector::telecom, "New York"},
      {"T-Mobile", "t-mobile.com", "Telecommunications", "517312", "Wireless Telecommunications Carriers", sector::telecom, "Seattle"},
      {"Comcast", "comcast.com", "Telecommunications", "517311", "Wired Telecommunications Carriers", sector::telecom, "Philadelphia"},
      {"Concentrix", "concentrix.com", "", "561422", "Telemarketing Bureaus and Other Contact Centers", sector::bpo, "Dallas"},
      {"Teleperformance", "teleperformance.com", "", "561422", "Telemarketing Bureaus and Other Contact Centers", sector::bpo, "Miami"},
      {"TTEC", "ttec.com", "", "561422", "Telemarketing Bureaus and Other Contact Centers", sector::bpo, "Denver"},
      {"Robert Half", "roberthalf.com", "Staffing", "561311", "Employment Placement Agencies", sector::staffing, "San Francisco"},
      {"TEKsystems", "teksystems.com", "Staffing", "561311", "Employment Placement Agencies", sector::staffing, "Baltimore"},
      {"Insight Global", "insightglobal.com", "Staffing", "561311", "Employment Placement Agencies", sector::staffing, "Atlanta"},
      {"Jobs via Dice", "dice.com", "", "", "", sector::staffing, "New York"},
      {"Randstad USA", "randstadusa.com", "Staffing", "561320", "Temporary Help Services", sector::staffing, "Atlanta"},
      {"Kforce Inc", "kforce.com", "Staffing", "561311", "Employment Placement Agencies", sector::staffing, "Tampa"},
      {"Aerotek", "aerotek.com", "Staffing", "561320", "Temporary Help Services", sector::staffing, "Baltimore"},
      {"Apex Systems", "apexsystems.com", "Staffing", "561311", "Employment Placement Agencies", sector::staffing, "Richmond"},
      {"Adecco", "adeccousa.com", "Staffing", "561320", "Temporary Help Services", sector::staffing, "Jacksonville"},
      {"Kelly Services", "kellyservices.com", "Staffing", "561320", "Temporary Help Services", sector::staffing, "Detroit"},
      {"CyberCoders", "cybercoders.com", "Staffing", "561311", "Employment Placement Agencies", sector::staffing, "Los Angeles"},
      {"Beacon Hill Staffing Group", "beaconhillstaffing.com", "Staffing", "561311", "Employment Placement Agencies", sector::staffing, "Boston"},
      {"Motion Recruitment", "motionrecruitment.com", "Staffing", "561311", "Employment Placement Agencies", sector::staffing, "Boston"},
      {"AMN Healthcare", "amnhealthcare.com", "Staffing", "561320", "Temporary Help Services", sector::health_staffing, "Dallas"},
      {"Aya Healthcare", "ayahealthcare.com", "Staffing", "561320", "Temporary Help Services", sector::health_staffing, "San Diego"},
      {"Cross Country Healthcare", "crosscountry.com", "Staffing", "561320", "Temporary Help Services", sector::health_staffing, "Miami"},
  };
  return table;
}

const std::vector<city_info>& cities() {
  static const std::vector<city_info> table = {
      {"New York", "NY", "New York", "US", "", 40.7127753, -74.0059728, 9},
      {"Los Angeles", "CA", "California", "US", "", 34.0549076, -118.242643, 6},
      {"San Francisco", "CA", "California", "US", "", 37.7749295, -122.4194155, 5},
      {"San Jose", "CA", "California", "US", "", 37.3382082, -121.8863286, 3},
      {"San Diego", "CA", "California", "US", "", 32.715738, -117.1610838, 3},
      {"Mountain View", "CA", "California", "US", "", 37.3860517, -122.0838511, 1},
      {"Menlo Park", "CA", "California", "US", "", 37.4529598, -122.1817252, 1},
      {"Seattle", "WA", "Washington", "US", "", 47.6061389, -122.3328481, 5},
      {"Portland", "OR", "Oregon", "US", "", 45.515232, -122.6783853, 2},
      {"Austin", "TX", "Texas", "US", "", 30.267153, -97.7430608, 5},
      {"Dallas", "TX", "Texas", "US", "", 32.7766642, -96.7969879, 5},
      {"Houston", "TX", "Texas", "US", "", 29.7604267, -95.3698028, 5},
      {"San Antonio", "TX", "Texas", "US", "", 29.4251905, -98.4945922, 2},
      {"Chicago", "IL", "Illinois", "US", "", 41.8781136, -87.6297982, 6},
      {"Boston", "MA", "Massachusetts", "US", "", 42.3600825, -71.0588801, 4},
      {"Washington", "DC", "District of Columbia", "US", "", 38.9071923, -77.0368707, 4},
      {"Arlington", "VA", "Virginia", "US", "", 38.8816208, -77.0909809, 2},
      {"Reston", "VA", "Virginia", "US", "", 38.9586307, -77.3570028, 1},
      {"Richmond", "VA", "Virginia", "US", "", 37.5407246, -77.4360481, 1},
      {"Baltimore", "MD", "Maryland", "US", "", 39.2903848, -76.6121893, 2},
      {"Philadelphia", "PA", "Pennsylvania", "US", "", 39.9525839, -75.1652215, 3},
      {"Atlanta", "GA", "Georgia", "US", "", 33.748752, -84.3876845, 4},
      {"Charlotte", "NC", "North Carolina", "US", "", 35.2270869, -80.8431267, 3},
      {"Raleigh", "NC", "North Carolina", "US", "", 35.7795897, -78.6381787, 2},
      {"Miami", "FL", "Florida", "US", "", 25.7616798, -80.1917902, 3},
      {"Orlando", "FL", "Florida", "US", "", 28.5383355, -81.3792365, 2},
      {"Tampa", "FL", "Florida", "US", "", 27.950575, -82.4571776, 2},
      {"Jacksonville", "FL", "Florida", "US", "", 30.3321838, -81.655651, 1},
      {"Nashville", "TN", "Tennessee", "US", "", 36.1626638, -86.7816016, 2},
      {"Memphis", "TN", "Tennessee", "US", "", 35.1495343, -90.0489801, 1},
      {"Denver", "CO", "Colorado", "US", "", 39.7392358, -104.990251, 3},
      {"Phoenix", "AZ", "Arizona", "US", "", 33.4483771, -112.0740373, 3},
      {"Minneapolis", "MN", "Minnesota", "US", "", 44.977753, -93.2650108, 2},
      {"Detroit", "MI", "Michigan", "US", "", 42.331427, -83.0457538, 2},
      {"Columbus", "OH", "Ohio", "US", "", 39.9611755, -82.9987942, 2},
      {"Cleveland", "OH", "Ohio", "US", "", 41.49932, -81.6943605, 1},
      {"St. Louis", "MO", "Missouri", "US", "", 38.6270025, -90.1994042, 1},
      {"Omaha", "NE", "Nebraska", "US", "", 41.2565369, -95.9345034, 1},
      {"Madison", "WI", "Wisconsin", "US", "", 43.0730517, -89.4012302, 1},
      {"Bentonville", "AR", "Arkansas", "US", "", 36.3728538, -94.2088172, 1},
      {"Salt Lake City", "UT", "Utah", "US", "", 40.7607793, -111.8910474, 1},
      {"Las Vegas", "NV", "Nevada", "US", "", 36.1716, -115.1391, 1},
      {"Berlin", "", "", "DE", "Germany", 52.5200066, 13.404954, 0.9},
      {"London", "", "England", "GB", "UK", 51.5072178, -0.1275862, 0.9},
      {"Toronto", "ON", "Ontario", "CA", "Canada", 43.653226, -79.3831843, 0.8},
  };
  return table;
}

const std::vector<board_info>& boards() {
  static const std::vector<board_info> table = {
      {"LinkedIn", link_style::linkedin, 26}, {"Indeed", link_style::indeed, 14},
      {"ZipRecruiter", link_style::ziprecruiter, 12}, {"Glassdoor", link_style::glassdoor, 8},
      {"Dice", link_style::dice, 5}, {"BeBee", link_style::bebee, 6}, {"Monster", link_style::monster, 4},
      {"Talent.com", link_style::talent, 4}, {"Jooble", link_style::jooble, 3}, {"Built In", link_style::builtin, 3},
      {"SimplyHired", link_style::simplyhired, 3}, {"Greenhouse", link_style::greenhouse, 2},
      {"Workday", link_style::workday, 2},
  };
  return table;
}

const std::vector<heading_style>& heading_styles() {
  static const std::vector<heading_style> table = {
      {"Responsibilities:", "Qualifications:", "Preferred Qualifications:", "Benefits:", "\u2022 "},
      {"What You'll Do", "What You'll Bring", "Nice to Have", "What We Offer", "\u2022 "},
      {"Key Responsibilities:", "Required Skills and Experience:", "Desired:", "Why Join Us?", "\u2022 "},
      {"Essential Duties and Responsibilities", "Requirements", "Nice-to-haves", "Benefits", "\u2022 "},
      {"The Role", "About You", "Bonus Points", "Perks & Benefits", "- "},
      {"Job Duties:", "Minimum Qualifications:", "Preferred Qualifications:", "Total Rewards:", ""},
  };
  return table;
}

std::string_view industry_phrase(sector s) {
  switch (s) {
    case sector::tech: return "technology";
    case sector::finance: return "financial services";
    case sector::health: return "healthcare";
    case sector::retail: return "retail";
    case sector::logistics: return "logistics";
    case sector::industrial: return "manufacturing";
    case sector::consulting: return "professional services";
    case sector::telecom: return "telecommunications";
    case sector::bpo: return "customer experience";
    case sector::staffing: return "staffing";
    case sector::health_staffing: return "healthcare staffing";
  }
  return "technology";
}

const std::vector<std::string_view>& intro_templates() {
  static const std::vector<std::string_view> table = {
      "{employer} is a leading {industry} company headquartered in {hq}. For more than {years} years we have helped "
      "our customers solve their hardest problems, and we are proud of the culture our {count} employees have built "
      "together.",
      "At {employer}, we believe great people make great work. As one of the fastest-growing {industry} organizations "
      "in the country, we offer the stability of an established company with the energy of a startup.",
      "Join {employer}! Our teams across the country deliver {industry} solutions that millions of people rely on "
      "every day. We invest in our people, our communities and the future of our industry.",
      "Who we are: {employer} is an award-winning {industry} employer with roots in {hq}. We value integrity, "
      "collaboration and a relentless focus on the people we serve.",
      "{employer} has been named a Top Workplace for {years} consecutive years. Our mission is simple: make {industry} "
      "better for everyone. Come grow your career with a team that cares.",
  };
  return table;
}

const std::vector<std::string_view>& summary_templates() {
  static const std::vector<std::string_view> table = {
      "We are looking for {a_title} to join our {team} team in {where}.",
      "{employer} is seeking {a_title} for our {team} team. This position is based in {where}.",
      "As a {title} on the {team} team, you will play a key role in how we grow. Location: {where}.",
      "The {title} will report to the {team} manager and work out of our {where} office.",
      "We are hiring {a_title} ({team}) in {where}. This is a great opportunity to make an impact from day one.",
  };
  return table;
}

const std::vector<std::string_view>& opening_headers() {
  static const std::vector<std::string_view> table = {
      "Title:\n{title}", "Job Description", "About the Role:", "About the position", "Overview", "Position Summary",
  };
  return table;
}

const std::vector<std::string_view>& experience_templates() {
  static const std::vector<std::string_view> table = {
      "{n}+ {years} of experience with {skill}",
      "Minimum of {n_word} {years} of professional experience",
      "At least {n} {years} of related experience",
      "{n}-{n2} years of experience in a similar role",
      "{n_word_cap} ({n}) {years} of experience required",
      "{n}+ {years} of hands-on experience",
  };
  return table;
}

const std::vector<std::string_view>& benefit_lines() {
  static const std::vector<std::string_view> table = {
      "Medical, dental, and vision insurance", "401(k) with company match", "Paid time off and paid holidays",
      "Tuition reimbursement", "Employee stock purchase plan", "Paid parental leave", "Life and disability insurance",
      "Flexible spending and health savings accounts", "Employee discounts", "Wellness programs and gym reimbursement",
      "Hybrid work schedule", "Professional development budget",
  };
  return table;
}

const std::vector<std::string_view>& eeo_templates() {
  static const std::vector<std::string_view> table = {
      "{employer} is an equal opportunity employer. All qualified applicants will receive consideration for "
      "employment without regard to race, color, religion, sex, sexual orientation, gender identity, national origin, "
      "disability, or protected veteran status.",
      "{employer} is proud to be an Equal Employment Opportunity and Affirmative Action employer. We do not "
      "discriminate based upon race, religion, color, national origin, gender (including pregnancy, childbirth, or "
      "related medical conditions), sexual orientation, gender identity, age, status as a protected veteran, status "
      "as an individual with a disability, or other applicable legally protected characteristics.",
      "Equal Opportunity Employer/Disability/Veterans. {employer} provides reasonable accommodations to qualified "
      "applicants with disabilities. If you need assistance with the application process, please contact our "
      "recruiting team.",
      "We are committed to building a diverse team. {employer} considers qualified applicants with arrest and "
      "conviction records in accordance with applicable law, and provides equal employment opportunities to all "
      "employees and applicants.",
  };
  return table;
}

const std::vector<std::string_view>& agency_lines() {
  static const std::vector<std::string_view> table = {
      "Our client, a leading {industry} company, is hiring {a_title} in {where}.",
      "Our client, a well-established {industry} organization, is looking for {a_title} to join their team in {where}.",
      "We are partnering with a top {industry} company to find {a_title} ({where}).",
      "Job Title: {title}\nLocation: {where}\nDuration: 12 months (likely extension)\n\nOur client, a leading "
      "{industry} firm, is hiring.",
  };
  return table;
}

const std::vector<std::string_view>& agency_footers() {
  static const std::vector<std::string_view> table = {
      "{agency} is an equal opportunity employer and will consider all applications without regard to race, "
      "sex, age, color, religion, national origin, veteran status, disability, sexual orientation, gender identity, "
      "genetic information or any characteristic protected by law.",
      "About {agency}: we connect great talent with great companies. Apply today and a recruiter will reach out "
      "within 24 hours.",
      "By applying, you agree that {agency} may contact you about this and other opportunities.",
  };
  return table;
}

const std::vector<std::string_view>& closing_lines() {
  static const std::vector<std::string_view> table = {
      "Ready to make a difference? Apply today and join {employer}.",
      "If this sounds like you, we would love to hear from you.",
      "Interested candidates should apply online. Only qualified candidates will be contacted.",
      "This {title} position is a great chance to grow your career with {employer}.",
  };
  return table;
}

}  // namespace jobpilot::fake_jsearch

// jobpilot-etl: collects JSearch job postings into durable raw storage and runs the ETL pipeline.
#include "app/commands.hpp"

int main(int argc, char** argv) { return jobpilot::app::run_cli(argc, argv); }

// Employment type normalisation: JSearch's FULLTIME enums, human text ("Full-time, Part-time, and Contractor") and
// the job_employment_types array become canonical values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::core {

/// Canonical values, in the order normalize_employment_types returns them.
inline constexpr std::string_view employment_full_time = "full_time";
inline constexpr std::string_view employment_part_time = "part_time";
inline constexpr std::string_view employment_contract = "contract";
inline constexpr std::string_view employment_internship = "internship";
inline constexpr std::string_view employment_temporary = "temporary";
inline constexpr std::string_view employment_per_diem = "per_diem";

/// Merges job_employment_type (text) and job_employment_types (array): FULLTIME/"Full-time"/"full time"/full_time,
/// PARTTIME/"Part-time", CONTRACTOR/"Contract"/"Contract to hire"/freelance/C2C, INTERN/"Internship",
/// TEMPORARY/"Temp"/seasonal, "per diem"; lists ("Full-time and Part-time", "Full or part time"). Duplicates are
/// dropped, unknown words ignored; the order is always full_time, part_time, contract, internship, temporary,
/// per_diem.
std::vector<std::string> normalize_employment_types(std::string_view type_text,
                                                    const std::vector<std::string>& types_array = {});

/// The first normalised type, or "" when there is none.
std::string primary_employment_type(const std::vector<std::string>& types);

}  // namespace jobpilot::core

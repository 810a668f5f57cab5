// Skill extraction from job text with a curated dictionary of canonical names and aliases (tech and non-tech).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::core {

/// Canonical skill names found in the text, in order of first appearance, without duplicates.
/// Matching is word-boundary aware ("Java" is not found in "JavaScript", "SQL" not in "PostgreSQL": a
/// PostgreSQL posting yields only "PostgreSQL"), takes the longest alias at a position ("React Native" rather
/// than "React"), and lets spaces in an alias match any whitespace or hyphens ("react-native").
/// Ambiguous words need context: "R", "C", "Go", "TS" and "Spring" only count in a list ("Python, R", "C/C++",
/// "Go and Rust") or in a fixed phrase ("R programming", "Golang", "Go language"); words that are also plain
/// English match only in their product spelling ("React", "Excel", "Swift", "Rust", "Epic", "REST", "Spark").
std::vector<std::string> extract_skills(std::string_view text);

/// Canonical name of a single skill name ("reactjs" -> "React", "k8s" -> "Kubernetes"), case-insensitive,
/// for structured skill lists such as the legacy job_required_skills; nullopt when not in the dictionary.
std::optional<std::string> canonical_skill(std::string_view name);

/// Union of two skill lists: a's order first, then b's new entries; duplicates (ignoring ASCII case) dropped.
std::vector<std::string> merge_skills(const std::vector<std::string>& a, const std::vector<std::string>& b);

/// Every canonical name of the dictionary, in dictionary order.
std::vector<std::string> skill_names();

}  // namespace jobpilot::core

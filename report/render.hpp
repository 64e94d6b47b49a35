// Rendering the report model (report/model.hpp) three ways:
//   render_text  plain text for a terminal: the same figures as the page, one section each;
//   to_json      the summary as JSON (`flakyd report --json`): the keys the text shows, plus
//                the time buckets, signatures, rules and rerun time;
//   render_html  one self-contained HTML page: inline CSS and inline SVG charts, no script, no
//                font, image or style fetched from anywhere (no URL at all in src, href or
//                url()); every chart is followed by a table with the same numbers; readable
//                with JavaScript off and in print.
// Every string from the trail is escaped for its format (HTML entities in the page, JSON
// escapes in JSON; text output prints it as it is).
// Thread-safety: pure functions of their arguments.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "report/model.hpp"

namespace flakyd::report {

struct PageInfo {
  std::vector<std::string> trails;  // the files summarised, as given
  std::string generated_at;         // UTC ISO-8601
};

void render_text(const Report& report, std::ostream& out);
nlohmann::json to_json(const Report& report);
void render_html(const Report& report, const PageInfo& page, std::ostream& out);

// "1,234,567"
std::string grouped(long number);
// "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h"
std::string human_duration(double seconds);

}  // namespace flakyd::report

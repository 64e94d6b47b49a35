// Writing an output file (a merged JUnit report, an HTML page) so a reader never sees half of
// it: the content goes to a temporary file beside the target, which is renamed over it only when
// every byte was written. On any failure the temporary is removed and the target is untouched.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace flakyd::app {

// `write` streams the content; returns false when the file could not be written whole.
bool write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace flakyd::app

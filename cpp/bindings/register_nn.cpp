#include "prelude.hpp"

namespace lowdim::py_bind {

void register_nn(py::module_&) {}

}  // namespace lowdim::py_bind

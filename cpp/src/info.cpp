#include "lowdim/common.hpp"

namespace lowdim {

bool has_openmp() {
#ifdef _OPENMP
    return true;
#else
    return false;
#endif
}

std::string simd_level() {
    std::string s;
#if defined(__AVX512F__)
    s += "AVX512F ";
#endif
#if defined(__AVX2__)
    s += "AVX2 ";
#endif
#if defined(__FMA__)
    s += "FMA ";
#endif
#if defined(__AVX__) && !defined(__AVX2__)
    s += "AVX ";
#endif
#if defined(__SSE2__) && !defined(__AVX__)
    s += "SSE2 ";
#endif
#if defined(__ARM_NEON)
    s += "NEON ";
#endif
    if (!s.empty())
        s.pop_back();
    return s.empty() ? "none" : s;
}

std::string compiler() {
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#elif defined(_MSC_VER)
    return "msvc " + std::to_string(_MSC_VER);
#else
    return "unknown";
#endif
}

} // namespace lowdim

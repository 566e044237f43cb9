# One INTERFACE target that carries the language standard, the strict Qt defines
# and the warnings. Every Kiln target links it; nothing sets these flags elsewhere.
add_library(kiln_options INTERFACE)
add_library(Kiln::Options ALIAS kiln_options)

target_compile_features(kiln_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

target_compile_definitions(kiln_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    # 6.4 is the floor: nothing deprecated before it may be used, and what later
    # Qt versions deprecate cannot be avoided while 6.4 is supported, so newer Qt
    # (Debian 13 ships 6.8) must not warn about it under -Werror.
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    QT_WARN_DEPRECATED_UP_TO=0x060400
    KILN_VERSION="${PROJECT_VERSION}")

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    # A local that hides another local or a parameter: -Wshadow=local in GCC;
    # Clang's -Wshadow covers the same (and globals), it has no "=local".
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        set(_kiln_shadow -Wshadow=local)
    else()
        set(_kiln_shadow -Wshadow)
    endif()
    target_compile_options(kiln_options INTERFACE -Wall -Wextra -Wpedantic ${_kiln_shadow}
        $<$<BOOL:${KILN_WERROR}>:-Werror>)
elseif(MSVC)
    target_compile_options(kiln_options INTERFACE /W4 /permissive- /Zc:__cplusplus
        $<$<BOOL:${KILN_WERROR}>:/WX>)
endif()

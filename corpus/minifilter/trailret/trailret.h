/*
 * trailret.h - the helpers of the trailret minifilter, declared in the
 * modern C++ style with trailing return types.
 */

#pragma once

#include <fltKernel.h>

namespace tr {

auto RegisterFilter(_In_ PDRIVER_OBJECT DriverObject) -> NTSTATUS;
auto OpenPort() noexcept -> NTSTATUS;
auto StartFiltering() noexcept -> NTSTATUS;
auto ClosePort() noexcept -> void;
auto UnregisterFilter() noexcept -> void;

}

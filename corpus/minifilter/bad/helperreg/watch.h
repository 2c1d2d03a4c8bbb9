/*
 * watch.h - the filter class of the helperreg project.
 */
#pragma once

#include <fltKernel.h>

namespace hr {

class Watch {
public:
    static NTSTATUS Init(_In_ PDRIVER_OBJECT DriverObject);
    static NTSTATUS Start();
    static void Stop();
    static NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

private:
    static PFLT_FILTER s_filter;
    static PFLT_PORT s_serverPort;
};

} // namespace hr

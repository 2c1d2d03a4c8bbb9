#pragma once

#include <fltKernel.h>

#define AUDIT_TAG        'tdAF'
#define AUDIT_PORT_NAME  L"\\FltAuditPort"
#define AUDIT_MAX_PATH   520

#define AUDIT_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "[fltaudit] " fmt, __VA_ARGS__)
#define AUDIT_ERROR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[fltaudit] " fmt, __VA_ARGS__)

#define RETURN_IF_FAILED(expr)                                  \
    do {                                                        \
        NTSTATUS _s = (expr);                                   \
        if (!NT_SUCCESS(_s)) {                                  \
            AUDIT_ERROR("%s -> 0x%08X\n", #expr, _s);           \
            return _s;                                          \
        }                                                       \
    } while (0)

#pragma pack(push, 1)
struct AuditRecord {
    ULONG  ProcessId;
    ULONG  Disposition;
    USHORT NameLength;          // bytes
    WCHAR  Name[AUDIT_MAX_PATH];
};
#pragma pack(pop)

namespace fltaudit {

class Port {
public:
    static NTSTATUS Create(PFLT_FILTER filter);
    static void     Close();
    static bool     Connected() { return s_client != nullptr; }
    static void     Send(const AuditRecord& rec);

private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT clientPort, PVOID serverCookie,
                                     PVOID context, ULONG contextSize, PVOID* connectionCookie);
    static VOID     FLTAPI OnDisconnect(PVOID connectionCookie);
    static NTSTATUS FLTAPI OnMessage(PVOID portCookie, PVOID in, ULONG inLen,
                                     PVOID out, ULONG outLen, PULONG returned);

    static PFLT_FILTER s_filter;
    static PFLT_PORT   s_server;
    static PFLT_PORT   s_client;
};

class Filter {
public:
    static NTSTATUS Register(PDRIVER_OBJECT driver);
    static PFLT_FILTER Handle() { return s_handle; }

private:
    static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS flags);
    static NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS objects,
                                         FLT_INSTANCE_SETUP_FLAGS flags,
                                         DEVICE_TYPE volumeDeviceType,
                                         FLT_FILESYSTEM_TYPE fsType);
    static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA data,
                                                        PCFLT_RELATED_OBJECTS objects,
                                                        PVOID context,
                                                        FLT_POST_OPERATION_FLAGS flags);

    static PFLT_FILTER s_handle;
    static const FLT_OPERATION_REGISTRATION s_ops[];
    static const FLT_REGISTRATION s_registration;
};

} // namespace fltaudit

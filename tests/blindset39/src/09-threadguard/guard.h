#pragma once
#include "kalloc.h"

#define TG_DEVICE       L"\\Device\\ThreadGuard"
#define TG_LINK         L"\\??\\ThreadGuard"
#define TG_ALTITUDE     L"328810"

#define IOCTL_TG_ADD    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TG_REMOVE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define TGPRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "ThreadGuard: " fmt "\n", __VA_ARGS__)

namespace tg {

class Guard {
public:
    static bool     Init(ULONG capacity);
    static void     Cleanup();

    static NTSTATUS RegisterCallbacks();
    static void     UnregisterCallbacks();

    static NTSTATUS Add(ULONG pid);
    static void     Remove(ULONG pid);
    static bool     Contains(ULONG pid);

    static void OnProcessNotify(PEPROCESS, HANDLE, PPS_CREATE_NOTIFY_INFO);

private:
    static OB_PREOP_CALLBACK_STATUS OnPreProcess(PVOID, POB_PRE_OPERATION_INFORMATION);
    static OB_PREOP_CALLBACK_STATUS OnPreThread(PVOID, POB_PRE_OPERATION_INFORMATION);

    static ERESOURCE s_lock;
    static ULONG*    s_pids;
    static ULONG     s_count;
    static ULONG     s_capacity;
    static PVOID     s_obHandle;
};

} // namespace tg

#pragma once
#include <ntddk.h>

//
// acguard - game process protection (anti-cheat kernel component)
//

#define AC_TAG                  'dGcA'
#define AC_DEVICE_NAME          L"\\Device\\AcGuard"
#define AC_LINK_NAME            L"\\DosDevices\\AcGuard"
#define AC_ALTITUDE             L"321337.7"

#define IOCTL_AC_PROTECT_PID    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_AC_UNPROTECT_PID  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE          0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD      0x0002
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION       0x0008
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ            0x0010
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE           0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME     0x0800
#endif

#define AC_DENIED_ACCESS  (PROCESS_TERMINATE | PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION | \
                           PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)

// ---- logging / control-flow helpers -------------------------------------

#define AC_PRINT(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (lvl), "[acguard] %s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define AC_INFO(fmt, ...)   AC_PRINT(DPFLTR_INFO_LEVEL,  fmt, __VA_ARGS__)
#define AC_ERROR(fmt, ...)  AC_PRINT(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

#define AC_TRY(expr)                                                    \
    do {                                                                \
        status = (expr);                                                \
        if (!NT_SUCCESS(status)) {                                      \
            AC_ERROR("%s failed with 0x%08X", #expr, status);           \
            goto cleanup;                                               \
        }                                                               \
    } while (0)

#define AC_FLAG_DEVICE      0x01
#define AC_FLAG_SYMLINK     0x02
#define AC_FLAG_OBCALLBACK  0x04
#define AC_FLAG_PROCNOTIFY  0x08

#define AC_MARK(f)          (g_Ac.Flags |= (f))
#define AC_DONE(f)          ((g_Ac.Flags & (f)) == (f))
#define AC_CLEAR(f)         (g_Ac.Flags &= ~(f))

#define AC_LOCK()           KIRQL _acIrql; KeAcquireSpinLock(&g_Ac.ProtectLock, &_acIrql)
#define AC_UNLOCK()         KeReleaseSpinLock(&g_Ac.ProtectLock, _acIrql)

#define AC_FOR_EACH_PROTECTED(e) \
    for (PLIST_ENTRY _l = g_Ac.ProtectedList.Flink; \
         _l != &g_Ac.ProtectedList && ((e) = CONTAINING_RECORD(_l, AC_PROTECTED, Link)) != NULL; \
         _l = _l->Flink)

// ---- state -----------------------------------------------------------------

typedef struct _AC_PROTECTED {
    LIST_ENTRY Link;
    HANDLE     ProcessId;
} AC_PROTECTED, *PAC_PROTECTED;

typedef struct _AC_GLOBALS {
    ULONG          Flags;
    PDEVICE_OBJECT Device;
    PVOID          ObRegistration;
    KSPIN_LOCK     ProtectLock;
    LIST_ENTRY     ProtectedList;
    ULONG          ProtectedCount;
} AC_GLOBALS;

extern AC_GLOBALS g_Ac;

// protect.c
NTSTATUS AcRegisterObCallbacks(VOID);
VOID     AcUnregisterObCallbacks(VOID);
VOID     AcProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
VOID     AcInitProtectedList(VOID);
NTSTATUS AcProtect(HANDLE ProcessId);
VOID     AcUnprotect(HANDLE ProcessId);
VOID     AcFreeProtectedList(VOID);

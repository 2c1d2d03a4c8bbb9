//
// wormclass.h - class driver for SCSI write-once (WORM) optical drives
//
// Built on classpnp. Besides the usual class driver work it keeps a list of
// medium changer interfaces, so a drive that sits in a jukebox can tell
// user mode which changer feeds it.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <ntddstor.h>
#include <wdmguid.h>
#include <classpnp.h>
#include <ntstrsafe.h>
}

#define WORM_TAG            'mroW'
#define WORM_NAME_FMT       "\\Device\\WormDrive%lu"
#define WORM_TIMEOUT_SEC    30

#define WLOG(fmt, ...)      KdPrintEx((DPFLTR_CLASSPNP_ID, DPFLTR_INFO_LEVEL,  "wormclass: " fmt "\n", __VA_ARGS__))
#define WERR(fmt, ...)      KdPrintEx((DPFLTR_CLASSPNP_ID, DPFLTR_ERROR_LEVEL, "wormclass: " fmt "\n", __VA_ARGS__))

namespace worm {

// driver specific part of the FDO extension (CommonExtension.DriverData)
struct WormData {
    ULONG   DriveNumber;
    ULONG   LastWrittenLba;
    BOOLEAN MediaFinalized;
};

class FastMutexGuard {
public:
    explicit FastMutexGuard(PFAST_MUTEX m) : m_(m) { ExAcquireFastMutex(m_); }
    ~FastMutexGuard() { ExReleaseFastMutex(m_); }
    FastMutexGuard(const FastMutexGuard&) = delete;
    FastMutexGuard& operator=(const FastMutexGuard&) = delete;
private:
    PFAST_MUTEX m_;
};

class ChangerTracker {
public:
    static void     Init();
    static NTSTATUS Register(_In_ PDRIVER_OBJECT DriverObject);
    static void     Unregister();
    static ULONG    Count();

private:
    struct Entry {
        LIST_ENTRY      Link;
        UNICODE_STRING  Name;
        // name characters follow
    };

    static NTSTATUS NTAPI OnInterfaceChange(_In_ PVOID NotificationStructure, _Inout_opt_ PVOID Context);
    static void     Add(_In_ PCUNICODE_STRING Link);
    static void     Remove(_In_ PCUNICODE_STRING Link);
    static void     Clear();

    static FAST_MUTEX   s_Lock;
    static LIST_ENTRY   s_List;
    static ULONG        s_Count;
    static PVOID        s_Notify;
};

// fdo.cpp
NTSTATUS WormAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo);
NTSTATUS WormInitDevice(_In_ PDEVICE_OBJECT Fdo);
NTSTATUS WormStartDevice(_In_ PDEVICE_OBJECT Fdo);
NTSTATUS WormStopDevice(_In_ PDEVICE_OBJECT Fdo, _In_ UCHAR Type);
NTSTATUS WormRemoveDevice(_In_ PDEVICE_OBJECT Fdo, _In_ UCHAR Type);
NTSTATUS WormReadWriteVerification(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp);
NTSTATUS WormDeviceControl(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp);
NTSTATUS WormShutdownFlush(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp);
VOID     WormError(_In_ PDEVICE_OBJECT Fdo, _In_ PSCSI_REQUEST_BLOCK Srb, _Inout_ NTSTATUS* Status, _Inout_ BOOLEAN* Retry);

} // namespace worm

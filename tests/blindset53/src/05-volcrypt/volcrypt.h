//
// volcrypt.h - transparent sector "encryption" filter for volumes
//
// Install as a Volume class UpperFilter. Everything written below us is
// scrambled with a keyed, offset-dependent stream; reads are unscrambled
// on the way back up. It is a toy, not a replacement for BitLocker.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <ntddvol.h>
}

#define VC_TAG          'rCoV'
#define VC_CTX_TAG      'xCoV'
#define VC_CHUNK        (64 * 1024)
#define VC_KEY_BYTES    32

#define LOG(fmt, ...)   KdPrint(("volcrypt: " fmt "\n", __VA_ARGS__))
#define LOGERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "volcrypt!" __FUNCTION__ ": " fmt "\n", __VA_ARGS__)

namespace volcrypt {

struct DeviceExtension {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;
    PDEVICE_OBJECT  Pdo;
    IO_REMOVE_LOCK  RemoveLock;
    volatile LONG   Enabled;
};

struct WriteContext {
    PDEVICE_OBJECT  Device;
    PMDL            OriginalMdl;
    PMDL            ShadowMdl;
    PVOID           Shadow;
    bool            FromLookaside;
};

class Cipher {
public:
    static NTSTATUS Initialize(_In_ PCUNICODE_STRING RegistryPath);
    static void     Wipe();
    static void     Transform(_Inout_updates_bytes_(Length) PUCHAR Buffer, ULONG Length, ULONGLONG Offset);
    static bool     Ready() { return s_Ready; }

private:
    static UCHAR    s_Key[VC_KEY_BYTES];
    static bool     s_Ready;
};

class Filter {
public:
    static NTSTATUS Init(_In_ PDRIVER_OBJECT DriverObject);
    static void     Teardown();

    static NTSTATUS AddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo);
    static NTSTATUS DispatchPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
    static NTSTATUS DispatchRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
    static NTSTATUS DispatchWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
    static NTSTATUS DispatchPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);

private:
    static NTSTATUS ReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);
    static NTSTATUS WriteComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);
    static NTSTATUS Fail(PIRP Irp, NTSTATUS Status);

    static DeviceExtension* Ext(PDEVICE_OBJECT d) { return static_cast<DeviceExtension*>(d->DeviceExtension); }

    static NPAGED_LOOKASIDE_LIST s_ContextPool;
    static NPAGED_LOOKASIDE_LIST s_ShadowPool;
};

} // namespace volcrypt

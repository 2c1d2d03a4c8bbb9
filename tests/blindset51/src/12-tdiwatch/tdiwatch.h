//
// tdiwatch - counts TDI requests per minor function on \Device\Tcp and
// \Device\Udp. Legacy TDI filter kept around for the old apps that still
// talk TDI; the counters are dumped on unload.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <tdi.h>
#include <tdikrnl.h>
}

#define TW_TAG          'hWdT'
#define TW_MAX_MINOR    0x20

#define TW_PRINT(fmt, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "tdiwatch: " fmt "\n", __VA_ARGS__)

namespace tw {

struct FilterExtension
{
    ULONG           Signature;
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    PCWSTR          TargetName;
    volatile LONG   Counts[TW_MAX_MINOR];
};

constexpr ULONG kSignature = 'FWdT';

class Filter
{
public:
    static NTSTATUS Attach(_In_ PDRIVER_OBJECT driver, _In_ PCWSTR target, _Out_ PDEVICE_OBJECT* filterDevice);
    static void     Detach(_In_ PDEVICE_OBJECT filterDevice);
    static void     Dump(_In_ PDEVICE_OBJECT filterDevice);

    static DRIVER_DISPATCH Dispatch;
    static DRIVER_DISPATCH DispatchInternal;

private:
    static NTSTATUS PassDown(_In_ FilterExtension* ext, _Inout_ PIRP irp);
};

} // namespace tw

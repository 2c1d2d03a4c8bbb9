#pragma once
// diskstat - disk class upper filter that keeps per-disk read/write
// counters and logs arrival of new disk interfaces.

extern "C" {
#include <wdm.h>
#include <ntdddisk.h>
#include <initguid.h>
#include <ntddstor.h>
}

#define DS_TAG   'tSsD'
#define DSLOG(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "diskstat: " fmt "\n", __VA_ARGS__))

namespace diskstat {

struct Counters {
    volatile LONG64 Reads;
    volatile LONG64 Writes;
    volatile LONG64 BytesRead;
    volatile LONG64 BytesWritten;
};

struct FilterExt {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    IO_REMOVE_LOCK RemoveLock;
    Counters       Stats;
    ULONG          DiskIndex;
};

struct Globals {
    PDRIVER_OBJECT Driver;
    PVOID          InterfaceNotify;
    volatile LONG  DiskCount;
};

extern Globals g;

// small RAII helper: deletes a device object unless dismissed
class DeviceGuard {
public:
    explicit DeviceGuard(PDEVICE_OBJECT d) : m_dev(d) {}
    ~DeviceGuard() { if (m_dev) IoDeleteDevice(m_dev); }
    void Dismiss() { m_dev = nullptr; }
    DeviceGuard(const DeviceGuard&) = delete;
    DeviceGuard& operator=(const DeviceGuard&) = delete;
private:
    PDEVICE_OBJECT m_dev;
};

NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo);
NTSTATUS DispatchAny(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS DispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp);

} // namespace diskstat

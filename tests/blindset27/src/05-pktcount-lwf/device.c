/*
 * device.c - \\.\PktCount control device used by pktstat.exe.
 */
#include "pktcount.h"

NTSTATUS
PcDeviceOpenClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PcDeviceIoControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PLIST_ENTRY entry;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_PC_QUERY:
    {
        ULONG capacity = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(PC_COUNTERS);
        PPC_COUNTERS out = (PPC_COUNTERS)Irp->AssociatedIrp.SystemBuffer;
        ULONG n = 0;

        NdisAcquireSpinLock(&g_ModuleListLock);
        for (entry = g_ModuleList.Flink; entry != &g_ModuleList; entry = entry->Flink) {
            PPC_MODULE m = CONTAINING_RECORD(entry, PC_MODULE, Link);
            if (n == capacity) {
                status = STATUS_BUFFER_OVERFLOW;
                break;
            }
            out[n++] = m->Counters;
        }
        NdisReleaseSpinLock(&g_ModuleListLock);

        info = (ULONG_PTR)n * sizeof(PC_COUNTERS);
        break;
    }

    case IOCTL_PC_RESET:
        NdisAcquireSpinLock(&g_ModuleListLock);
        for (entry = g_ModuleList.Flink; entry != &g_ModuleList; entry = entry->Flink) {
            PPC_MODULE m = CONTAINING_RECORD(entry, PC_MODULE, Link);
            InterlockedExchange64(&m->Counters.RxPackets, 0);
            InterlockedExchange64(&m->Counters.RxBytes, 0);
            InterlockedExchange64(&m->Counters.TxPackets, 0);
            InterlockedExchange64(&m->Counters.TxBytes, 0);
        }
        NdisReleaseSpinLock(&g_ModuleListLock);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

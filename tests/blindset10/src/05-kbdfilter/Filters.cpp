// Filters.cpp
#include "Filters.h"
#include <ntstrsafe.h>

namespace kbd {

volatile LONG Filters::s_pendingReads = 0;

NTSTATUS Filters::AttachAll(PDRIVER_OBJECT DriverObject, ULONG* Attached)
{
    *Attached = 0;

    for (ULONG i = 0; i < MaxClassDevices; ++i) {
        WCHAR nameBuffer[48];
        UNICODE_STRING target;
        RtlStringCchPrintfW(nameBuffer, RTL_NUMBER_OF(nameBuffer), L"\\Device\\KeyboardClass%lu", i);
        RtlInitUnicodeString(&target, nameBuffer);

        PDEVICE_OBJECT filter = nullptr;
        auto status = IoCreateDevice(DriverObject, sizeof(FilterExtension), nullptr,
                                     FILE_DEVICE_KEYBOARD, 0, FALSE, &filter);
        if (!NT_SUCCESS(status)) {
            KdPrint(("kbdflt: IoCreateDevice #%lu 0x%08X\n", i, status));
            Teardown(DriverObject);
            *Attached = 0;
            return status;
        }

        auto ext = static_cast<FilterExtension*>(filter->DeviceExtension);
        RtlZeroMemory(ext, sizeof(*ext));
        ext->Self = filter;
        ext->Index = i;

        status = IoAttachDevice(filter, &target, &ext->Lower);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            // ran out of keyboards, that is the normal way out of the loop
            IoDeleteDevice(filter);
            break;
        }
        if (!NT_SUCCESS(status)) {
            KdPrint(("kbdflt: attach to %wZ failed 0x%08X\n", &target, status));
            IoDeleteDevice(filter);
            Teardown(DriverObject);
            *Attached = 0;
            return status;
        }

        filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
        filter->Flags &= ~DO_DEVICE_INITIALIZING;
        ++*Attached;
        KdPrint(("kbdflt: attached over %wZ\n", &target));
    }

    return (*Attached != 0) ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}

void Filters::Teardown(PDRIVER_OBJECT DriverObject)
{
    // stop new requests coming our way first
    for (auto dev = DriverObject->DeviceObject; dev != nullptr; dev = dev->NextDevice) {
        auto ext = static_cast<FilterExtension*>(dev->DeviceExtension);
        if (ext->Lower != nullptr) {
            IoDetachDevice(ext->Lower);
            ext->Lower = nullptr;
        }
    }

    // reads already sent down come back through our completion routine
    LARGE_INTEGER interval;
    interval.QuadPart = -10 * 1000 * 100;   // 100 ms
    while (s_pendingReads > 0) {
        KdPrint(("kbdflt: %ld reads outstanding, press a key\n", s_pendingReads));
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    auto dev = DriverObject->DeviceObject;
    while (dev != nullptr) {
        auto next = dev->NextDevice;
        IoDeleteDevice(dev);
        dev = next;
    }
}

} // namespace kbd

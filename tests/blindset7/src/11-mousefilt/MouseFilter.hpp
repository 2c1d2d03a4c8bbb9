// MouseFilter.hpp
#pragma once

extern "C" {
#include <ntddk.h>
#include <ntddmou.h>
}

struct ClickStats {
    volatile LONG Left;
    volatile LONG Right;
    volatile LONG Middle;
    volatile LONG Wheel;
    volatile LONG Packets;
};

class MouseFilter {
public:
    // Creates the filter device and puts it on top of TargetName's stack.
    static NTSTATUS Attach(PDRIVER_OBJECT DriverObject, PCWSTR TargetName);

    static NTSTATUS DispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static NTSTATUS DispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static NTSTATUS DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static void     Unload(PDRIVER_OBJECT DriverObject);

private:
    struct Extension {
        PDEVICE_OBJECT Self;
        PDEVICE_OBJECT Lower;
        volatile LONG  PendingReads;
        ClickStats     Stats;
    };

    static NTSTATUS ReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);
    static void     Account(Extension* ext, const MOUSE_INPUT_DATA& packet);

    static Extension* ExtOf(PDEVICE_OBJECT DeviceObject)
    {
        return static_cast<Extension*>(DeviceObject->DeviceExtension);
    }

    static PDEVICE_OBJECT s_FilterDevice;
};

#pragma once

extern "C" {
#include <ntddk.h>
#include <ntddmou.h>
}

#define NR_TAG              'lcRN'
#define NR_LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[norecoil] " fmt "\n", __VA_ARGS__)

#define MOUSE_CLASS_NAME    L"\\Device\\PointerClass0"

// pull-down in mickeys per report while LMB is held; 0 = off
#define DEFAULT_PULL        3
#define MAX_PULL            40

//
// one filter device, so everything lives in static members
//
class MouseFilter
{
public:
    static NTSTATUS Attach(_In_ PDRIVER_OBJECT DriverObject);
    static VOID     Detach();

    static NTSTATUS DispatchPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
    static NTSTATUS DispatchRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
    static NTSTATUS DispatchPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
    static NTSTATUS DispatchIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);

    static void SetPull(LONG pull)  { InterlockedExchange(&s_Pull, pull); }
    static LONG GetPull()           { return s_Pull; }

private:
    static NTSTATUS ReadComplete(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp, _In_opt_ PVOID Context);
    static void     ApplyPull(_Inout_ PMOUSE_INPUT_DATA Data);

    static PDEVICE_OBJECT   s_Filter;       // our device
    static PDEVICE_OBJECT   s_Lower;        // what we are attached to
    static PDEVICE_OBJECT   s_Target;       // from IoGetDeviceObjectPointer
    static PFILE_OBJECT     s_TargetFile;
    static volatile LONG    s_Pending;
    static volatile LONG    s_Pull;
    static BOOLEAN          s_LeftDown;
};

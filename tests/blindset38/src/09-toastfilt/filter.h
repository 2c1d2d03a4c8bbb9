#pragma once
//
// toastfilt - KMDF upper device filter for the toaster function driver.
// Counts the IOCTLs going to each toaster and exposes the numbers through
// one sideband control device shared by all filtered toasters.
//
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#include "public.h"

#define TF_PRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "toastfilt: " fmt "\n", __VA_ARGS__)

struct TF_FILTER_CONTEXT
{
    WDFDEVICE       Device;
    ULONG           SerialNo;
    volatile LONG   IoctlCount;
    BOOLEAN         InCollection;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TF_FILTER_CONTEXT, TfGetFilterContext)

struct TF_CONTROL_CONTEXT
{
    ULONG           OpenCount;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TF_CONTROL_CONTEXT, TfGetControlContext)

namespace toastfilt {

class Filter
{
public:
    static NTSTATUS Initialize(_In_ WDFDRIVER Driver);

    static EVT_WDF_DRIVER_DEVICE_ADD            DeviceAdd;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP       DeviceCleanup;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL   FilterIoctl;

private:
    static ULONG NextSerial() { return static_cast<ULONG>(InterlockedIncrement(&s_serial)); }

    static volatile LONG s_serial;

    friend class Control;

public:
    // all filter WDFDEVICEs, guarded by s_lock; both parented to the WDFDRIVER
    static WDFCOLLECTION s_devices;
    static WDFWAITLOCK   s_lock;
};

class Control
{
public:
    static NTSTATUS CreateIfFirst(_In_ WDFDEVICE FilterDevice);
    static VOID     DeleteIfLast();

    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL   ControlIoctl;

private:
    static WDFDEVICE s_control;
};

} // namespace toastfilt

extern "C" DRIVER_INITIALIZE DriverEntry;

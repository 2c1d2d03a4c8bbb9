#pragma once
#include <ntddk.h>
#include <wdf.h>
#include <kbdmou.h>
#include <ntddmou.h>
#include "Transform.h"

#define MF_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "moufilter: " fmt "\n", __VA_ARGS__)

namespace mf {

struct DeviceContext {
    CONNECT_DATA UpperConnectData;   // mouclass's service callback
    ULONG Packets;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DeviceContext, GetDeviceContext)

class Settings {
public:
    static NTSTATUS Load(WDFDRIVER Driver);
    static void UseDefaults() { s_transform = Transform::SwapButtons; }
    static Transform Current() { return s_transform; }
private:
    static Transform s_transform;
};

EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL EvtInternalDeviceControl;

VOID ServiceCallback(PDEVICE_OBJECT DeviceObject, PMOUSE_INPUT_DATA InputDataStart,
                     PMOUSE_INPUT_DATA InputDataEnd, PULONG InputDataConsumed);

} // namespace mf

/*
 * holdput.cpp - a legacy WDM driver of a panel LED controller in kernel C++.
 * Its control device is kept by a holder whose Put() first resets what it
 * held (closing the old device through its traits), then keeps the new one;
 * the unload routine resets the holder.
 */

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LedUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LedCreateClose;

struct DeviceTraits {
    typedef PDEVICE_OBJECT Type;
    static void Close(Type Device) { IoDeleteDevice(Device); }
};

template <class Traits>
class Holder {
public:
    typedef typename Traits::Type Type;

    Holder() : m_Value(), m_Held(false) {}

    void Put(Type Value)
    {
        Reset();
        m_Value = Value;
        m_Held = true;
    }

    void Reset()
    {
        if (m_Held) {
            m_Held = false;
            Traits::Close(m_Value);
        }
    }

private:
    Type m_Value;
    bool m_Held;
};

static Holder<DeviceTraits> g_LedDevice;
static UNICODE_STRING g_LedName = RTL_CONSTANT_STRING(L"\\Device\\PanelLed");

NTSTATUS
LedCreateClose(
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

VOID
LedUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    g_LedDevice.Reset();
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDEVICE_OBJECT device = nullptr;

    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &g_LedName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_LedDevice.Put(device);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LedCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LedCreateClose;
    DriverObject->DriverUnload = LedUnload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

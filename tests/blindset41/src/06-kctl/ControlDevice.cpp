#include "kctl.h"

WDFDEVICE kctl::ControlDevice::s_Device = nullptr;

void kctl::ControlDevice::OnFileCreate(WDFDEVICE Device, WDFREQUEST Request, WDFFILEOBJECT FileObject)
{
    UNREFERENCED_PARAMETER(FileObject);

    auto ctx = KctlGetContext(Device);
    InterlockedIncrement(&ctx->OpenHandles);
    InterlockedIncrement64(&ctx->Stats.Opens);

    WdfRequestComplete(Request, STATUS_SUCCESS);
}

void kctl::ControlDevice::OnFileClose(WDFFILEOBJECT FileObject)
{
    auto ctx = KctlGetContext(WdfFileObjectGetDevice(FileObject));
    InterlockedDecrement(&ctx->OpenHandles);
}

void kctl::ControlDevice::OnCleanup(WDFOBJECT Object)
{
    auto ctx = KctlGetContext(static_cast<WDFDEVICE>(Object));
    KctlInfo("device cleanup: opens=%lld ioctls=%lld", ctx->Stats.Opens, ctx->Stats.Ioctls);
}

NTSTATUS kctl::ControlDevice::Create(WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(ntName, KCTL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KCTL_DOS_NAME);

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        KctlErr("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    RETURN_IF_NT_FAILED(WdfDeviceInitAssignName(init, &ntName));

    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, OnFileCreate, OnFileClose, WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = OnCleanup;

    WDFDEVICE device = nullptr;
    if (auto status = WdfDeviceCreate(&init, &attributes, &device); !NT_SUCCESS(status)) {
        KctlErr("WdfDeviceCreate 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    // from here on the device owns everything; delete it if we bail out
    auto deleteDevice = kctl::scope_exit([device] { WdfObjectDelete(device); });

    RETURN_IF_NT_FAILED(WdfDeviceCreateSymbolicLink(device, &dosName));
    RETURN_IF_NT_FAILED(kctl::CreateQueue(device));

    s_Device = device;
    deleteDevice.dismiss();

    KctlInfo("control device %wZ -> %wZ", &dosName, &ntName);
    return STATUS_SUCCESS;
}

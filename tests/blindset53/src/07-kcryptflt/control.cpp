//
// control.cpp - key store and the \\.\KCryptCtl control device
//
#include "kcrypt.h"

namespace kcf {

UCHAR          KeyStore::s_Key[KCF_KEY_LEN];
volatile bool  KeyStore::s_Loaded = false;
WDFSPINLOCK    KeyStore::s_Lock   = nullptr;

WDFWAITLOCK    ControlDevice::s_InstanceLock = nullptr;
ULONG          ControlDevice::s_Instances    = 0;
WDFDEVICE      ControlDevice::s_Device       = nullptr;

NTSTATUS
KeyStore::Initialize(_In_ WDFDRIVER Driver)
{
    WDF_OBJECT_ATTRIBUTES attributes;

    RtlZeroMemory(s_Key, sizeof(s_Key));
    s_Loaded = false;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;
    return WdfSpinLockCreate(&attributes, &s_Lock);
}

void
KeyStore::Set(_In_reads_bytes_(KCF_KEY_LEN) const UCHAR* Key)
{
    WdfSpinLockAcquire(s_Lock);
    RtlCopyMemory(s_Key, Key, KCF_KEY_LEN);
    s_Loaded = true;
    WdfSpinLockRelease(s_Lock);
}

void
KeyStore::Clear()
{
    if (s_Lock != nullptr) {
        WdfSpinLockAcquire(s_Lock);
    }
    RtlSecureZeroMemory(s_Key, sizeof(s_Key));
    s_Loaded = false;
    if (s_Lock != nullptr) {
        WdfSpinLockRelease(s_Lock);
    }
}

void
KeyStore::Apply(_Inout_updates_bytes_(Length) PUCHAR Data, size_t Length, LONGLONG Offset)
{
    WdfSpinLockAcquire(s_Lock);
    for (size_t i = 0; i < Length; i++) {
        ULONGLONG pos = static_cast<ULONGLONG>(Offset) + i;
        Data[i] ^= static_cast<UCHAR>(s_Key[pos % KCF_KEY_LEN] + (pos >> 9));
    }
    WdfSpinLockRelease(s_Lock);
}

NTSTATUS
ControlDevice::Create(_In_ WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(ntName,  KCF_CTL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KCF_CTL_DOS_NAME);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG   queueConfig;
    NTSTATUS              status;

    if (s_Device != nullptr) {
        return STATUS_SUCCESS;
    }

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    status = WdfDeviceCreate(&init, &attributes, &s_Device);
    if (!NT_SUCCESS(status)) {
        KCF_ERROR("control WdfDeviceCreate 0x%08X", status);
        WdfDeviceInitFree(init);
        s_Device = nullptr;
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(s_Device, &dosName);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;
    status = WdfIoQueueCreate(s_Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    KCF_TRACE("control device up");
    return STATUS_SUCCESS;

fail:
    KCF_ERROR("control device setup failed 0x%08X", status);
    WdfObjectDelete(s_Device);
    s_Device = nullptr;
    return status;
}

void
ControlDevice::Delete()
{
    if (s_Device != nullptr) {
        WdfObjectDelete(s_Device);
        s_Device = nullptr;
        KCF_TRACE("control device deleted");
    }
}

VOID
ControlDevice::EvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;
    PVOID     buffer = nullptr;

    switch (IoControlCode) {
    case IOCTL_KCRYPT_SET_KEY:
        status = WdfRequestRetrieveInputBuffer(Request, KCF_KEY_LEN, &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            KeyStore::Set(static_cast<const UCHAR*>(buffer));
        }
        break;

    case IOCTL_KCRYPT_CLEAR_KEY:
        KeyStore::Clear();
        status = STATUS_SUCCESS;
        break;

    case IOCTL_KCRYPT_QUERY:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            *static_cast<PULONG>(buffer) = KeyStore::Loaded() ? 1 : 0;
            info = sizeof(ULONG);
        }
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace kcf

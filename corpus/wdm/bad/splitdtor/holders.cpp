/*
 * holders.cpp (violating) - the holders' bodies; the link holder's
 * destructor only forgets that it made the link.
 */
#include "holders.h"

NTSTATUS DeviceHolder::Create(PDRIVER_OBJECT DriverObject, PUNICODE_STRING Name)
{
    return IoCreateDevice(DriverObject, 0, Name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                          &m_device);
}

DeviceHolder::~DeviceHolder()
{
    if (m_device != nullptr)
        IoDeleteDevice(m_device);
}

NTSTATUS LinkHolder::Create(PUNICODE_STRING Link, PUNICODE_STRING Target)
{
    NTSTATUS status = IoCreateSymbolicLink(Link, Target); // expect: DE011
    if (NT_SUCCESS(status)) {
        m_link = *Link;
        m_made = true;
    }
    return status;
}

LinkHolder::~LinkHolder()
{
    m_made = false;
}

NTSTATUS SplitOwner::Start(PDRIVER_OBJECT DriverObject)
{
    static UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\SplitDtor");
    static UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\SplitDtor");
    NTSTATUS status = m_device.Create(DriverObject, &name);
    if (!NT_SUCCESS(status))
        return status;
    return m_link.Create(&link, &name);
}

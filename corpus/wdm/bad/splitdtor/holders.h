/*
 * holders.h - RAII holders of splitdtor's device and symbolic link; their
 * destructors are declared here and defined in holders.cpp.
 */
#pragma once
#include <ntddk.h>

class DeviceHolder {
public:
    NTSTATUS Create(PDRIVER_OBJECT DriverObject, PUNICODE_STRING Name);
    PDEVICE_OBJECT Get() const { return m_device; }
    ~DeviceHolder();
private:
    PDEVICE_OBJECT m_device = nullptr;
};

class LinkHolder {
public:
    NTSTATUS Create(PUNICODE_STRING Link, PUNICODE_STRING Target);
    ~LinkHolder();
private:
    UNICODE_STRING m_link = {};
    bool m_made = false;
};

/* No destructor of its own: the implicit one destroys m_link, then m_device. */
class SplitOwner {
public:
    NTSTATUS Start(PDRIVER_OBJECT DriverObject);
private:
    DeviceHolder m_device;
    LinkHolder m_link;
};

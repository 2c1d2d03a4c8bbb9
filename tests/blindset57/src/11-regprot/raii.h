#pragma once
//
// raii.h - owners for the things regprot creates; each one undoes exactly
// what it did, in its destructor
//
#include <ntddk.h>

#define RP_TAG  'tPgR'

inline void* __cdecl operator new(size_t, void* where) noexcept { return where; }
inline void  __cdecl operator delete(void*, void*) noexcept {}

namespace rp {

// deep copy of a UNICODE_STRING in paged pool
class OwnedString {
public:
    OwnedString() { RtlInitEmptyUnicodeString(&m_Str, nullptr, 0); }
    ~OwnedString()
    {
        if (m_Str.Buffer != nullptr) {
            ExFreePoolWithTag(m_Str.Buffer, RP_TAG);
        }
    }
    OwnedString(const OwnedString&) = delete;
    OwnedString& operator=(const OwnedString&) = delete;

    NTSTATUS Assign(PCUNICODE_STRING Source)
    {
        auto buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, Source->Length, RP_TAG));
        if (buffer == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        RtlInitEmptyUnicodeString(&m_Str, buffer, Source->Length);
        RtlCopyUnicodeString(&m_Str, Source);
        return STATUS_SUCCESS;
    }

    PCUNICODE_STRING Get() const { return &m_Str; }

private:
    UNICODE_STRING m_Str;
};

// named device object + DOS symbolic link
class DeviceHolder {
public:
    DeviceHolder() = default;
    ~DeviceHolder()
    {
        if (m_LinkCreated) {
            IoDeleteSymbolicLink(&m_Link);
        }
        if (m_Device != nullptr) {
            IoDeleteDevice(m_Device);
        }
    }
    DeviceHolder(const DeviceHolder&) = delete;
    DeviceHolder& operator=(const DeviceHolder&) = delete;

    NTSTATUS Create(PDRIVER_OBJECT Driver, PCWSTR DeviceName, PCWSTR LinkName, ULONG ExtensionSize)
    {
        UNICODE_STRING name;
        RtlInitUnicodeString(&name, DeviceName);
        RtlInitUnicodeString(&m_Link, LinkName);

        auto status = IoCreateDevice(Driver, ExtensionSize, &name, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &m_Device);
        if (!NT_SUCCESS(status)) {
            m_Device = nullptr;
            return status;
        }
        status = IoCreateSymbolicLink(&m_Link, &name);
        if (!NT_SUCCESS(status)) {
            return status;              // destructor deletes the device
        }
        m_LinkCreated = true;
        return STATUS_SUCCESS;
    }

    PDEVICE_OBJECT Get() const { return m_Device; }

private:
    PDEVICE_OBJECT m_Device = nullptr;
    UNICODE_STRING m_Link = {};
    bool           m_LinkCreated = false;
};

// CmRegisterCallbackEx / CmUnRegisterCallback
class CmRegistration {
public:
    CmRegistration() = default;
    ~CmRegistration()
    {
        if (m_Active) {
            CmUnRegisterCallback(m_Cookie);
        }
    }
    CmRegistration(const CmRegistration&) = delete;
    CmRegistration& operator=(const CmRegistration&) = delete;

    NTSTATUS Register(PEX_CALLBACK_FUNCTION Callback, PCUNICODE_STRING Altitude, PVOID Driver, PVOID Context)
    {
        auto status = CmRegisterCallbackEx(Callback, Altitude, Driver, Context, &m_Cookie, nullptr);
        m_Active = NT_SUCCESS(status);
        return status;
    }

    LARGE_INTEGER* Cookie() { return &m_Cookie; }

private:
    LARGE_INTEGER m_Cookie = {};
    bool          m_Active = false;
};

// ObRegisterCallbacks / ObUnRegisterCallbacks
class ObRegistration {
public:
    ObRegistration() = default;
    ~ObRegistration()
    {
        if (m_Handle != nullptr) {
            ObUnRegisterCallbacks(m_Handle);
        }
    }
    ObRegistration(const ObRegistration&) = delete;
    ObRegistration& operator=(const ObRegistration&) = delete;

    NTSTATUS Register(POB_CALLBACK_REGISTRATION Registration)
    {
        PVOID handle = nullptr;
        auto status = ObRegisterCallbacks(Registration, &handle);
        if (NT_SUCCESS(status)) {
            m_Handle = handle;
        }
        return status;
    }

private:
    PVOID m_Handle = nullptr;
};

} // namespace rp

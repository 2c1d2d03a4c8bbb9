/*
 * scratch.cpp - a C++ driver whose probe helper takes a scratch buffer from
 * a class template, in the version whose member's destructor only drops
 * the pointer.
 *
 * BUG (DE006): the buffer ScrProbe's Scratch<Tag> allocated is never freed;
 * reported where DriverEntry fails after it (and it leaks on success too).
 */

#include <ntddk.h>

template<ULONG Tag>
class PoolPtr
{
public:
    PoolPtr(void *p) : m_p(p) {}
    ~PoolPtr()
    {
        m_p = nullptr;
    }
    explicit operator bool() const { return m_p != nullptr; }

private:
    void *m_p;
};

template<ULONG Tag>
class Scratch
{
public:
    Scratch(SIZE_T n) : m_ptr(ExAllocatePool2(POOL_FLAG_PAGED, n, Tag)), m_size(n) {}
    explicit operator bool() const { return static_cast<bool>(m_ptr); }

private:
    PoolPtr<Tag> m_ptr;
    SIZE_T m_size;
};

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ScrUnload;

static PDEVICE_OBJECT g_ScrDevice;

static bool
ScrProbe()
{
    Scratch<'prcS'> buf(128);

    if (!buf) {
        return false;
    }
    return true;
}

VOID
ScrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_ScrDevice);
}

extern "C"
NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    if (!ScrProbe()) {
        return STATUS_UNSUCCESSFUL;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_ScrDevice);
    if (!NT_SUCCESS(status)) {
        return status; // expect: DE006
    }
    DriverObject->DriverUnload = ScrUnload;
    return STATUS_SUCCESS;
}

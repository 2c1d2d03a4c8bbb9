// uniqhandle.cpp - a driver that reads its settings key through an owning
// handle template whose deleter is a template argument, in the manner of
// wil's unique_any: unique_handle<HANDLE, close_key> calls close_key on the
// handle it owns when it goes out of scope, on every return.

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD UhUnload;

template <typename T, void (*Close)(T)>
class unique_handle {
public:
    unique_handle() = default;
    ~unique_handle() { reset(); }
    unique_handle(const unique_handle&) = delete;
    unique_handle& operator=(const unique_handle&) = delete;

    T get() const { return m_h; }
    T* put() { reset(); return &m_h; }
    void reset()
    {
        if (m_h != T{}) {
            Close(m_h);
            m_h = T{};
        }
    }

private:
    T m_h{};
};

static void close_key(HANDLE h) { ZwClose(h); }

using unique_key = unique_handle<HANDLE, close_key>;

static PDEVICE_OBJECT g_Device;
static ULONG g_Interval;

VOID UhUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_Device);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);

    unique_key key;
    NTSTATUS status = ZwOpenKey(key.put(), KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Interval = 1000;

    status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = UhUnload;
    return STATUS_SUCCESS;
}

/*
 * rowwalk.cpp - a registry monitor that registers one callback per row of a
 * static table and records each registration in its row. Its rollback walks
 * the table through a reference to each row (`Row& row = s_Rows[i];`), or a
 * pointer (`Row *p = &s_Rows[i];`), and unregisters the rows marked
 * registered; but when the work item cannot be allocated, DriverEntry
 * deletes the device and forgets the rows. Two classes keep a static
 * `s_Handle` each: one name, two objects.
 */

#include <ntddk.h>

EXTERN_C DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RwUnload;
EX_CALLBACK_FUNCTION RwCallback;

NTSTATUS RwCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

struct Row {
    PCWSTR Altitude;
    LARGE_INTEGER Cookie;
    bool Registered;
};

class Table {
public:
    static NTSTATUS RegisterAll(PDRIVER_OBJECT DriverObject);
    static void UnregisterAll();
    static void ClearMarks();
private:
    static Row s_Rows[2];
};

Row Table::s_Rows[2] = {
    { L"385230", {}, false },
    { L"385231", {}, false },
};

NTSTATUS Table::RegisterAll(PDRIVER_OBJECT DriverObject)
{
    for (ULONG i = 0; i < RTL_NUMBER_OF(s_Rows); i++) {
        Row& row = s_Rows[i];
        UNICODE_STRING altitude;
        RtlInitUnicodeString(&altitude, row.Altitude);
        NTSTATUS status = CmRegisterCallbackEx(RwCallback, &altitude, DriverObject, NULL, &row.Cookie, NULL);
        if (!NT_SUCCESS(status)) {
            UnregisterAll();
            return status;
        }
        row.Registered = true;
    }
    return STATUS_SUCCESS;
}

void Table::UnregisterAll()
{
    for (ULONG i = RTL_NUMBER_OF(s_Rows); i-- > 0;) {
        Row& row = s_Rows[i];
        if (!row.Registered)
            continue;
        CmUnRegisterCallback(row.Cookie);
        row.Registered = false;
    }
}

void Table::ClearMarks()
{
    for (ULONG i = 0; i < RTL_NUMBER_OF(s_Rows); i++) {
        Row *p = &s_Rows[i];
        if (p->Registered)
            p->Registered = false;
    }
}

class Device {
public:
    static NTSTATUS Create(PDRIVER_OBJECT DriverObject);
    static void Delete();
    static PDEVICE_OBJECT s_Handle;
};

class Worker {
public:
    static NTSTATUS Start();
    static void Stop();
private:
    static PIO_WORKITEM s_Handle;
};

PDEVICE_OBJECT Device::s_Handle = nullptr;
PIO_WORKITEM Worker::s_Handle = nullptr;

NTSTATUS Device::Create(PDRIVER_OBJECT DriverObject)
{
    return IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &s_Handle);
}

void Device::Delete()
{
    if (s_Handle != nullptr) {
        IoDeleteDevice(s_Handle);
        s_Handle = nullptr;
    }
}

NTSTATUS Worker::Start()
{
    s_Handle = IoAllocateWorkItem(Device::s_Handle);
    return s_Handle != nullptr ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

void Worker::Stop()
{
    if (s_Handle != nullptr) {
        IoFreeWorkItem(s_Handle);
        s_Handle = nullptr;
    }
}

VOID RwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    Table::UnregisterAll();
    Worker::Stop();
    Device::Delete();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status = Device::Create(DriverObject);
    if (!NT_SUCCESS(status))
        return status;
    status = Table::RegisterAll(DriverObject);
    if (!NT_SUCCESS(status)) {
        Device::Delete();
        return status;
    }
    status = Worker::Start();
    if (!NT_SUCCESS(status)) {
        Device::Delete();
        return status;                  // expect: DE006
    }
    DriverObject->DriverUnload = RwUnload;
    return STATUS_SUCCESS;
}

//
// regcount.cpp - a registry monitor that counts value writes in records
// from a typed lookaside wrapper, a static member of its class. Shutdown,
// at unload, removes the registry callback first and only then deletes
// the lookaside list the callback allocates from.
//

#include <ntddk.h>

namespace rc {

template <typename T, ULONG Tag>
class Pool {
public:
    NTSTATUS Init()
    {
        return ExInitializeLookasideListEx(&m_List, nullptr, nullptr, NonPagedPoolNx, 0, sizeof(T), Tag, 0);
    }
    void Delete() { ExDeleteLookasideListEx(&m_List); }
    T *Alloc() { return static_cast<T *>(ExAllocateFromLookasideListEx(&m_List)); }
    void Free(T *p) { ExFreeToLookasideListEx(&m_List, p); }

private:
    LOOKASIDE_LIST_EX m_List;
};

struct Record {
    LIST_ENTRY Link;
    REG_NOTIFY_CLASS Class;
};

class Monitor {
public:
    static NTSTATUS Start(PDRIVER_OBJECT DriverObject);
    static void Shutdown();

private:
    static NTSTATUS OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2);

    static LARGE_INTEGER s_Cookie;
    static Pool<Record, 'cRgR'> s_Records;
    static volatile LONG s_Writes;
};

LARGE_INTEGER Monitor::s_Cookie;
Pool<Record, 'cRgR'> Monitor::s_Records;
volatile LONG Monitor::s_Writes;

NTSTATUS Monitor::OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument2);
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    if (cls != RegNtPreSetValueKey) {
        return STATUS_SUCCESS;
    }
    Record *rec = s_Records.Alloc();
    if (rec != nullptr) {
        rec->Class = cls;
        InterlockedIncrement(&s_Writes);
        s_Records.Free(rec);
    }
    return STATUS_SUCCESS;
}

NTSTATUS Monitor::Start(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"385210");
    NTSTATUS status = s_Records.Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = CmRegisterCallbackEx(OnRegistry, &altitude, DriverObject, nullptr, &s_Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        s_Records.Delete();
        return status;
    }
    return STATUS_SUCCESS;
}

void Monitor::Shutdown()
{
    CmUnRegisterCallback(s_Cookie);
    s_Records.Delete();
}

} // namespace rc

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RegCountUnload;

static void RegCountUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    rc::Monitor::Shutdown();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = rc::Monitor::Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = RegCountUnload;
    return STATUS_SUCCESS;
}

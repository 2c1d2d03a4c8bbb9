/*
 * dtorflag.cpp - a registry auditor kept in one object allocated with new.
 * Its Start method registers the callback but marks it registered only once
 * its buffer is allocated too; its destructor, which `delete` runs on a
 * failure of DriverEntry, unregisters only when the mark is set, so a failed
 * allocation leaves the callback registered.
 */

#include <ntddk.h>

EXTERN_C DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DfUnload;
EX_CALLBACK_FUNCTION DfCallback;

#define DF_TAG 'fDtD'

void *operator new(size_t size, POOL_FLAGS flags, ULONG tag)
{
    return ExAllocatePool2(flags, size, tag);
}

void operator delete(void *p, size_t)
{
    if (p != nullptr)
        ExFreePoolWithTag(p, DF_TAG);
}

NTSTATUS DfCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

class Auditor {
public:
    Auditor() = default;
    ~Auditor();
    NTSTATUS Start(PDRIVER_OBJECT DriverObject);
private:
    LARGE_INTEGER m_Cookie{};
    bool m_Registered = false;
    PVOID m_Buffer = nullptr;
};

NTSTATUS Auditor::Start(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"385240");
    NTSTATUS status = CmRegisterCallbackEx(DfCallback, &altitude, DriverObject, this, &m_Cookie, NULL);
    if (!NT_SUCCESS(status))
        return status;
    m_Buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, 256, DF_TAG);
    if (m_Buffer == nullptr)
        return STATUS_INSUFFICIENT_RESOURCES;
    m_Registered = true;
    return STATUS_SUCCESS;
}

Auditor::~Auditor()
{
    if (m_Buffer != nullptr)
        ExFreePoolWithTag(m_Buffer, DF_TAG);
    if (m_Registered) {
        CmUnRegisterCallback(m_Cookie);
        m_Registered = false;
    }
}

static Auditor *g_Auditor;

VOID DfUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    delete g_Auditor;
    g_Auditor = nullptr;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);
    g_Auditor = new (POOL_FLAG_NON_PAGED, DF_TAG) Auditor();
    if (g_Auditor == nullptr)
        return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS status = g_Auditor->Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        delete g_Auditor;
        g_Auditor = nullptr;
        return status;                  // expect: DE006
    }
    DriverObject->DriverUnload = DfUnload;
    return STATUS_SUCCESS;
}

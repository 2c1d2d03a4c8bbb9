//
// protector.cpp - bring-up / tear-down of the driver state and the two
// callbacks (registry self-protection, service process protection)
//
#include "protector.h"

namespace rp {

NTSTATUS Protector::Create(PDRIVER_OBJECT Driver, PCUNICODE_STRING RegistryPath, Protector** Result)
{
    *Result = nullptr;

    void* memory = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(Protector), RP_TAG);
    if (memory == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    auto self = new (memory) Protector();

    auto status = self->Init(Driver, RegistryPath);
    if (!NT_SUCCESS(status)) {
        Destroy(self);
        return status;
    }

    *Result = self;
    return STATUS_SUCCESS;
}

void Protector::Destroy(Protector* Self)
{
    if (Self == nullptr) {
        return;
    }
    Self->~Protector();                 // m_Ob, m_Cm, m_Device, m_ServiceKey
    ExFreePoolWithTag(Self, RP_TAG);
}

NTSTATUS Protector::Init(PDRIVER_OBJECT Driver, PCUNICODE_STRING RegistryPath)
{
    // keep our own copy, the caller's buffer is gone after DriverEntry
    auto status = m_ServiceKey.Assign(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = m_Device.Create(Driver, RP_DEVICE_NAME, RP_LINK_NAME, sizeof(Protector*));
    if (!NT_SUCCESS(status)) {
        RPLOG("device: 0x%08X", status);
        return status;
    }
    *static_cast<Protector**>(m_Device.Get()->DeviceExtension) = this;
    m_Device.Get()->Flags |= DO_BUFFERED_IO;

    UNICODE_STRING cmAltitude = RTL_CONSTANT_STRING(RP_CM_ALTITUDE);
    status = m_Cm.Register(RegistryThunk, &cmAltitude, Driver, this);
    if (!NT_SUCCESS(status)) {
        RPLOG("CmRegisterCallbackEx: 0x%08X", status);
        return status;
    }

    OB_OPERATION_REGISTRATION operation = {};
    operation.ObjectType   = PsProcessType;
    operation.Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    operation.PreOperation = ProcessThunk;

    OB_CALLBACK_REGISTRATION registration = {};
    registration.Version                    = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = 1;
    registration.RegistrationContext        = this;
    registration.OperationRegistration      = &operation;
    RtlInitUnicodeString(&registration.Altitude, RP_OB_ALTITUDE);

    status = m_Ob.Register(&registration);
    if (!NT_SUCCESS(status)) {
        RPLOG("ObRegisterCallbacks: 0x%08X", status);
        return status;
    }

    m_Device.Get()->Flags &= ~DO_DEVICE_INITIALIZING;
    RPLOG("protecting %wZ", m_ServiceKey.Get());
    return STATUS_SUCCESS;
}

NTSTATUS Protector::RegistryThunk(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    if (Argument2 == nullptr) {
        return STATUS_SUCCESS;
    }
    return static_cast<Protector*>(Context)->OnRegistry(
        static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1)), Argument2);
}

OB_PREOP_CALLBACK_STATUS Protector::ProcessThunk(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    return static_cast<Protector*>(Context)->OnProcessOpen(Info);
}

bool Protector::IsServiceKey(PVOID KeyObject)
{
    PCUNICODE_STRING name = nullptr;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(m_Cm.Cookie(), KeyObject, nullptr, &name, 0))) {
        return false;
    }
    const bool match = RtlEqualUnicodeString(name, m_ServiceKey.Get(), TRUE) != FALSE;
    CmCallbackReleaseKeyObjectIDEx(name);
    return match;
}

NTSTATUS Protector::OnRegistry(REG_NOTIFY_CLASS Class, PVOID Info)
{
    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    PVOID key = nullptr;
    switch (Class) {
    case RegNtPreDeleteKey:
        key = static_cast<PREG_DELETE_KEY_INFORMATION>(Info)->Object;
        break;
    case RegNtPreSetValueKey:
        key = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Info)->Object;
        break;
    case RegNtPreDeleteValueKey:
        key = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Info)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (key != nullptr && IsServiceKey(key)) {
        InterlockedIncrement(&m_Blocked);
        return STATUS_ACCESS_DENIED;
    }
    return STATUS_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS Protector::OnProcessOpen(POB_PRE_OPERATION_INFORMATION Info)
{
    const LONG pid = m_ServicePid;
    if (pid == 0 || Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }
    auto target = static_cast<PEPROCESS>(Info->Object);
    if (HandleToLong(PsGetProcessId(target)) != pid || target == PsGetCurrentProcess()) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~RP_PROCESS_TERMINATE;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~RP_PROCESS_TERMINATE;
    }
    return OB_PREOP_SUCCESS;
}

} // namespace rp

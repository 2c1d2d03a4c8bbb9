//
// Protector.cpp - ProcessProtector implementation
//
#include "Protector.h"

ProcessProtector* ProcessProtector::s_Instance = nullptr;

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag)
{
    // ExAllocatePool2 zeroes the block for us
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void* p)
{
    if (p) {
        ExFreePoolWithTag(p, PROTECTOR_TAG);
    }
}

void __cdecl operator delete(void* p, size_t size)
{
    UNREFERENCED_PARAMETER(size);
    if (p) {
        ExFreePoolWithTag(p, PROTECTOR_TAG);
    }
}

ProcessProtector::ProcessProtector()
    : m_Device(nullptr),
      m_LinkCreated(false),
      m_NotifyRegistered(false),
      m_ObHandle(nullptr),
      m_Count(0)
{
    ExInitializeFastMutex(&m_Lock);
    RtlZeroMemory(m_Pids, sizeof(m_Pids));
}

ProcessProtector::~ProcessProtector()
{
    Teardown();
}

NTSTATUS ProcessProtector::Initialize(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PROTECTOR_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PROTECTOR_LINK_NAME);

    // callbacks below find us through s_Instance, so publish it first
    s_Instance = this;

    PDEVICE_OBJECT device = nullptr;
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcGuard: IoCreateDevice 0x%08X\n", status));
        Teardown();
        return status;
    }
    m_Device = device;
    m_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcGuard: IoCreateSymbolicLink 0x%08X\n", status));
        Teardown();
        return status;
    }
    m_LinkCreated = true;

    status = PsSetCreateProcessNotifyRoutine(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcGuard: PsSetCreateProcessNotifyRoutine 0x%08X\n", status));
        Teardown();
        return status;
    }
    m_NotifyRegistered = true;

    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = OnPreOpenProcess;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.Altitude = RTL_CONSTANT_STRING(L"360123.77");
    reg.RegistrationContext = this;
    reg.OperationRegistration = &op;

    status = ObRegisterCallbacks(&reg, &m_ObHandle);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcGuard: ObRegisterCallbacks 0x%08X\n", status));
        m_ObHandle = nullptr;
        Teardown();
        return status;
    }

    m_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

void ProcessProtector::Teardown()
{
    if (m_ObHandle) {
        ObUnRegisterCallbacks(m_ObHandle);
        m_ObHandle = nullptr;
    }
    if (m_NotifyRegistered) {
        PsSetCreateProcessNotifyRoutine(OnProcessNotify, TRUE);
        m_NotifyRegistered = false;
    }
    if (m_LinkCreated) {
        UNICODE_STRING linkName = RTL_CONSTANT_STRING(PROTECTOR_LINK_NAME);
        IoDeleteSymbolicLink(&linkName);
        m_LinkCreated = false;
    }
    if (m_Device) {
        IoDeleteDevice(m_Device);
        m_Device = nullptr;
    }
    if (s_Instance == this) {
        s_Instance = nullptr;
    }
}

bool ProcessProtector::IsProtected(ULONG Pid)
{
    FastMutexLocker lock(&m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            return true;
        }
    }
    return false;
}

bool ProcessProtector::AddPid(ULONG Pid)
{
    FastMutexLocker lock(&m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            return true;
        }
    }
    if (m_Count == MaxPids) {
        return false;
    }
    m_Pids[m_Count++] = Pid;
    return true;
}

bool ProcessProtector::RemovePid(ULONG Pid)
{
    FastMutexLocker lock(&m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            m_Pids[i] = m_Pids[--m_Count];
            m_Pids[m_Count] = 0;
            return true;
        }
    }
    return false;
}

void ProcessProtector::Clear()
{
    FastMutexLocker lock(&m_Lock);
    RtlZeroMemory(m_Pids, sizeof(m_Pids));
    m_Count = 0;
}

OB_PREOP_CALLBACK_STATUS
ProcessProtector::OnPreOpenProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    auto self = static_cast<ProcessProtector*>(Context);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    auto process = static_cast<PEPROCESS>(Info->Object);
    ULONG pid = HandleToULong(PsGetProcessId(process));

    if (!self->IsProtected(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
    }
    return OB_PREOP_SUCCESS;
}

VOID ProcessProtector::OnProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);

    if (Create) {
        return;
    }
    // PIDs get recycled; forget exiting ones
    ProcessProtector* self = s_Instance;
    if (self) {
        self->RemovePid(HandleToULong(ProcessId));
    }
}

NTSTATUS ProcessProtector::DeviceControl(_In_ PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    switch (dic.IoControlCode) {
    case IOCTL_PROTECT_ADD:
    case IOCTL_PROTECT_REMOVE:
    {
        if (dic.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ULONG pid = *static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer);
        if (pid == 0) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        if (dic.IoControlCode == IOCTL_PROTECT_ADD) {
            status = AddPid(pid) ? STATUS_SUCCESS : STATUS_TOO_MANY_NAMES;
        } else {
            status = RemovePid(pid) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
        }
        info = sizeof(ULONG);
        break;
    }
    case IOCTL_PROTECT_CLEAR:
        Clear();
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

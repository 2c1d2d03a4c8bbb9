#include "guard.h"

namespace pg {

PVOID Protector::s_obHandle;
EX_PUSH_LOCK Protector::s_lock;
ULONG Protector::s_pids[kMaxPids];
ULONG Protector::s_pidCount;
WCHAR Protector::s_images[kMaxImages][kImageChars];
ULONG Protector::s_imageCount;

namespace {

constexpr wchar_t kAltitude[] = L"321911";

// the push lock is taken from callbacks at <= APC_LEVEL
class SharedLock {
public:
    explicit SharedLock(EX_PUSH_LOCK& l) : m_l(l)
    {
        KeEnterCriticalRegion();
        ExAcquirePushLockShared(&m_l);
    }
    ~SharedLock()
    {
        ExReleasePushLockShared(&m_l);
        KeLeaveCriticalRegion();
    }

private:
    EX_PUSH_LOCK& m_l;
};

class ExclusiveLock {
public:
    explicit ExclusiveLock(EX_PUSH_LOCK& l) : m_l(l)
    {
        KeEnterCriticalRegion();
        ExAcquirePushLockExclusive(&m_l);
    }
    ~ExclusiveLock()
    {
        ExReleasePushLockExclusive(&m_l);
        KeLeaveCriticalRegion();
    }

private:
    EX_PUSH_LOCK& m_l;
};

// last path component of an image path, e.g. "notepad.exe"
UNICODE_STRING FileNamePart(PCUNICODE_STRING path)
{
    UNICODE_STRING part = *path;
    const USHORT chars = path->Length / sizeof(WCHAR);
    for (USHORT i = chars; i > 0; i--) {
        if (path->Buffer[i - 1] == L'\\') {
            part.Buffer = path->Buffer + i;
            part.Length = static_cast<USHORT>((chars - i) * sizeof(WCHAR));
            part.MaximumLength = part.Length;
            break;
        }
    }
    return part;
}

} // namespace

void Protector::InitState()
{
    ExInitializePushLock(&s_lock);
    s_obHandle = nullptr;
    s_pidCount = 0;
    s_imageCount = 0;
}

NTSTATUS Protector::RegisterObCallbacks()
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = OnPreOpenProcess;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, kAltitude);
    reg.RegistrationContext = nullptr;
    reg.OperationRegistration = &op;

    return ObRegisterCallbacks(&reg, &s_obHandle);
}

void Protector::UnregisterObCallbacks()
{
    if (s_obHandle) {
        ObUnRegisterCallbacks(s_obHandle);
        s_obHandle = nullptr;
    }
}

NTSTATUS Protector::ProtectPid(ULONG pid)
{
    ExclusiveLock lock(s_lock);
    if (s_pidCount == kMaxPids) {
        return STATUS_QUOTA_EXCEEDED;
    }
    s_pids[s_pidCount++] = pid;
    return STATUS_SUCCESS;
}

NTSTATUS Protector::BlockImage(PCWSTR name, USHORT chars)
{
    if (chars == 0 || chars >= kImageChars) {
        return STATUS_INVALID_PARAMETER;
    }
    ExclusiveLock lock(s_lock);
    if (s_imageCount == kMaxImages) {
        return STATUS_QUOTA_EXCEEDED;
    }
    RtlCopyMemory(s_images[s_imageCount], name, chars * sizeof(WCHAR));
    s_images[s_imageCount][chars] = L'\0';
    s_imageCount++;
    return STATUS_SUCCESS;
}

void Protector::Reset()
{
    ExclusiveLock lock(s_lock);
    s_pidCount = 0;
    s_imageCount = 0;
}

bool Protector::IsProtected(ULONG pid)
{
    SharedLock lock(s_lock);
    for (ULONG i = 0; i < s_pidCount; i++) {
        if (s_pids[i] == pid) {
            return true;
        }
    }
    return false;
}

void Protector::ForgetPid(ULONG pid)
{
    ExclusiveLock lock(s_lock);
    for (ULONG i = 0; i < s_pidCount; i++) {
        if (s_pids[i] == pid) {
            s_pids[i] = s_pids[--s_pidCount];
            return;
        }
    }
}

bool Protector::IsBlockedImage(PCUNICODE_STRING imagePath)
{
    const UNICODE_STRING file = FileNamePart(imagePath);
    SharedLock lock(s_lock);
    for (ULONG i = 0; i < s_imageCount; i++) {
        UNICODE_STRING blocked;
        RtlInitUnicodeString(&blocked, s_images[i]);
        if (RtlEqualUnicodeString(&file, &blocked, TRUE)) {
            return true;
        }
    }
    return false;
}

void Protector::OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (!CreateInfo) {
        // pids get reused, drop exited ones
        ForgetPid(HandleToULong(ProcessId));
        return;
    }

    if (CreateInfo->ImageFileName && IsBlockedImage(CreateInfo->ImageFileName)) {
        PG_LOG("blocked launch of %wZ", CreateInfo->ImageFileName);
        CreateInfo->CreationStatus = STATUS_ACCESS_DENIED;
    }
}

OB_PREOP_CALLBACK_STATUS Protector::OnPreOpenProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    auto process = static_cast<PEPROCESS>(Info->Object);
    if (process == PsGetCurrentProcess() || !IsProtected(HandleToULong(PsGetProcessId(process)))) {
        return OB_PREOP_SUCCESS;
    }

    constexpr ACCESS_MASK strip = kTerminate | kVmWrite | kVmOperation;
    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~strip;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~strip;
    }
    return OB_PREOP_SUCCESS;
}

} // namespace pg

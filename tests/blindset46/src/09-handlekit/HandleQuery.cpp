#include "ThreadShield.h"

namespace hk {

//
// Looks up a handle value in another process' handle table and reports
// the object address, granted access and attributes.
// The reference is taken with UserMode so kernel handles can't be probed.
//
NTSTATUS QueryHandle(ULONG ProcessId, ULONG64 Handle, ULONG64* Object,
                     ULONG* GrantedAccess, ULONG* Attributes)
{
    PEPROCESS process = nullptr;
    auto status = PsLookupProcessByProcessId(ULongToHandle(ProcessId), &process);
    if (!NT_SUCCESS(status))
        return status;

    KAPC_STATE apcState;
    PVOID object = nullptr;
    OBJECT_HANDLE_INFORMATION info = {};

    KeStackAttachProcess(process, &apcState);
    status = ObReferenceObjectByHandle(reinterpret_cast<HANDLE>(static_cast<ULONG_PTR>(Handle)),
                                       0, nullptr, UserMode, &object, &info);
    KeUnstackDetachProcess(&apcState);

    if (NT_SUCCESS(status)) {
        *Object = reinterpret_cast<ULONG64>(object);
        *GrantedAccess = info.GrantedAccess;
        *Attributes = info.HandleAttributes;
        ObDereferenceObject(object);
    }

    ObDereferenceObject(process);
    return status;
}

} // namespace hk

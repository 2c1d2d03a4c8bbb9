#include "kmem.h"
#include "raii.h"

// kept free of C++ objects: __try and destructors don't mix
static NTSTATUS CopyFromUser(PVOID dst, const VOID* userSrc, SIZE_T size)
{
    __try {
        ProbeForRead(const_cast<PVOID>(userSrc), size, 1);
        RtlCopyMemory(dst, userSrc, size);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static NTSTATUS CopyToUser(PVOID userDst, const VOID* src, SIZE_T size)
{
    __try {
        ProbeForWrite(userDst, size, 1);
        RtlCopyMemory(userDst, src, size);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static NTSTATUS LookupProcess(ULONG pid, raii::ObjectRef<PEPROCESS>& out)
{
    return PsLookupProcessByProcessId(ULongToHandle(pid), out.addressof());
}

NTSTATUS KmemRead(KMEM_EXTENSION* ext, const KMEM_REQUEST* req, PVOID out, ULONG outLen, ULONG_PTR* written)
{
    *written = 0;
    if (req->Size == 0 || req->Size > KMEM_SCRATCH || req->Size > outLen) {
        return STATUS_INVALID_PARAMETER;
    }

    raii::ObjectRef<PEPROCESS> process;
    NTSTATUS status = LookupProcess(req->Pid, process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    raii::FastMutexLock lock(&ext->ScratchLock);
    {
        raii::Attach attach(process.get());
        status = CopyFromUser(ext->Scratch, reinterpret_cast<PVOID>(req->Address), req->Size);
    }

    if (NT_SUCCESS(status)) {
        RtlCopyMemory(out, ext->Scratch, req->Size);
        *written = req->Size;
    }
    InterlockedIncrement(&ext->Requests);
    return status;
}

NTSTATUS KmemWrite(KMEM_EXTENSION* ext, const KMEM_REQUEST* req, const VOID* data, ULONG dataLen)
{
    if (req->Size == 0 || req->Size > KMEM_SCRATCH || req->Size > dataLen) {
        return STATUS_INVALID_PARAMETER;
    }

    raii::ObjectRef<PEPROCESS> process;
    NTSTATUS status = LookupProcess(req->Pid, process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    raii::FastMutexLock lock(&ext->ScratchLock);
    RtlCopyMemory(ext->Scratch, data, req->Size);
    {
        raii::Attach attach(process.get());
        status = CopyToUser(reinterpret_cast<PVOID>(req->Address), ext->Scratch, req->Size);
    }
    InterlockedIncrement(&ext->Requests);
    return status;
}

NTSTATUS KmemGetBase(ULONG pid, ULONG64* base)
{
    raii::ObjectRef<PEPROCESS> process;
    NTSTATUS status = LookupProcess(pid, process);
    if (NT_SUCCESS(status)) {
        *base = reinterpret_cast<ULONG64>(PsGetProcessSectionBaseAddress(process.get()));
    }
    return status;
}

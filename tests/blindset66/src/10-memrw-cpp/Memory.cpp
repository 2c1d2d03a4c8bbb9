#include "Memory.hpp"

namespace mrw::mem
{
    namespace
    {
        LOOKASIDE_LIST_EX s_Bounce;
        bool              s_BounceReady = false;

        // copy one chunk between the target and the bounce page while attached
        NTSTATUS ChunkInTarget(PEPROCESS target, PVOID targetAddr, PVOID bounce, SIZE_T n, bool toTarget)
        {
            KAPC_STATE apc;
            NTSTATUS status = STATUS_SUCCESS;

            KeStackAttachProcess(target, &apc);
            __try {
                if (toTarget) {
                    ProbeForWrite(targetAddr, n, 1);
                    RtlCopyMemory(targetAddr, bounce, n);
                } else {
                    ProbeForRead(targetAddr, n, 1);
                    RtlCopyMemory(bounce, targetAddr, n);
                }
            } __except (EXCEPTION_EXECUTE_HANDLER) {
                status = GetExceptionCode();
            }
            KeUnstackDetachProcess(&apc);
            return status;
        }

        NTSTATUS ChunkInCaller(PVOID callerAddr, PVOID bounce, SIZE_T n, bool toCaller)
        {
            __try {
                if (toCaller) {
                    ProbeForWrite(callerAddr, n, 1);
                    RtlCopyMemory(callerAddr, bounce, n);
                } else {
                    ProbeForRead(callerAddr, n, 1);
                    RtlCopyMemory(bounce, callerAddr, n);
                }
            } __except (EXCEPTION_EXECUTE_HANDLER) {
                return GetExceptionCode();
            }
            return STATUS_SUCCESS;
        }
    }

    NTSTATUS Initialize()
    {
        auto status = ExInitializeLookasideListEx(&s_Bounce, nullptr, nullptr, NonPagedPoolNx,
                                                  0, PAGE_SIZE, MRW_TAG, 0);
        if (NT_SUCCESS(status)) {
            s_BounceReady = true;
        }
        return status;
    }

    void Shutdown()
    {
        if (s_BounceReady) {
            ExDeleteLookasideListEx(&s_Bounce);
            s_BounceReady = false;
        }
    }

    NTSTATUS Copy(_In_ const CopyRequest& req, _In_ bool toTarget)
    {
        if (req.Size == 0 || req.Size > kMaxTransfer) {
            return STATUS_INVALID_PARAMETER;
        }

        ProcessRef proc(reinterpret_cast<HANDLE>(static_cast<ULONG_PTR>(req.ProcessId)));
        if (!NT_SUCCESS(proc.Status())) {
            return proc.Status();
        }

        auto bounce = ExAllocateFromLookasideListEx(&s_Bounce);
        if (!bounce) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        auto release = MakeScopeExit([&] { ExFreeToLookasideListEx(&s_Bounce, bounce); });

        auto target = reinterpret_cast<PUCHAR>(req.TargetAddress);
        auto caller = reinterpret_cast<PUCHAR>(req.CallerBuffer);
        NTSTATUS status = STATUS_SUCCESS;

        for (ULONG64 done = 0; done < req.Size && NT_SUCCESS(status); ) {
            SIZE_T n = static_cast<SIZE_T>(min(req.Size - done, static_cast<ULONG64>(PAGE_SIZE)));

            if (toTarget) {
                status = ChunkInCaller(caller + done, bounce, n, false);
                if (NT_SUCCESS(status)) {
                    status = ChunkInTarget(proc.Get(), target + done, bounce, n, true);
                }
            } else {
                status = ChunkInTarget(proc.Get(), target + done, bounce, n, false);
                if (NT_SUCCESS(status)) {
                    status = ChunkInCaller(caller + done, bounce, n, true);
                }
            }
            done += n;
        }
        return status;
    }
}

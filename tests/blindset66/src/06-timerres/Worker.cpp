//
// Worker.cpp - one system thread that holds the timer resolution while
// Enabled=1 and re-reads the Parameters key every PollSeconds
//
#include "Config.h"

namespace tr::worker
{
    namespace {
        HANDLE  s_Thread = nullptr;
        KEVENT  s_Stop;
        ULONG   s_Applied = 0;      // 0 = we don't hold a resolution request

        void Apply(const Settings& s)
        {
            if (s.Enabled && s_Applied != s.Resolution100ns) {
                if (s_Applied) {
                    ExSetTimerResolution(0, FALSE);
                }
                auto actual = ExSetTimerResolution(s.Resolution100ns, TRUE);
                s_Applied = s.Resolution100ns;
                TR_LOG("resolution %lu requested, now %lu (100ns)", s.Resolution100ns, actual);
            } else if (!s.Enabled && s_Applied) {
                ExSetTimerResolution(0, FALSE);
                s_Applied = 0;
                TR_LOG("resolution request dropped");
            }
        }

        VOID ThreadMain(_In_ PVOID)
        {
            Settings cur;

            for (;;) {
                if (!NT_SUCCESS(LoadSettings(&g_ServiceKey, cur))) {
                    cur = Settings{};
                }
                Apply(cur);

                LARGE_INTEGER timeout;
                timeout.QuadPart = -10LL * 1000 * 1000 * cur.PollSeconds;
                auto st = KeWaitForSingleObject(&s_Stop, Executive, KernelMode, FALSE, &timeout);
                if (st == STATUS_SUCCESS) {
                    break;
                }
            }

            if (s_Applied) {
                ExSetTimerResolution(0, FALSE);
                s_Applied = 0;
            }
            TR_LOG("worker exiting");
            PsTerminateSystemThread(STATUS_SUCCESS);
        }
    }

    NTSTATUS Start()
    {
        KeInitializeEvent(&s_Stop, NotificationEvent, FALSE);

        OBJECT_ATTRIBUTES oa;
        InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

        auto status = PsCreateSystemThread(&s_Thread, THREAD_ALL_ACCESS, &oa,
                                           nullptr, nullptr, ThreadMain, nullptr);
        if (!NT_SUCCESS(status)) {
            TR_LOG("PsCreateSystemThread failed 0x%X", status);
            s_Thread = nullptr;
        }
        return status;
    }

    void Stop()
    {
        if (!s_Thread) {
            return;
        }

        // the thread sees the event on its next wait and terminates itself
        KeSetEvent(&s_Stop, IO_NO_INCREMENT, FALSE);
        ZwClose(s_Thread);
        s_Thread = nullptr;
    }
}

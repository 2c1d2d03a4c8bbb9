#pragma once
#include "Guards.h"

#define HK_PREFIX       "HandleKit: "
#define HK_MAX_TIDS     128
#define HK_ALTITUDE     L"321950.7"

#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE        0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME   0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT      0x0010
#endif

#define HK_DENIED_THREAD_ACCESS (THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT)

namespace hk {

class ThreadShield {
public:
    static void Init();
    static NTSTATUS Register();
    static void Unregister();

    static bool Add(ULONG tid);
    static bool Remove(ULONG tid);
    static void Clear();
    static ULONG Count();

    static void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

private:
    static OB_PREOP_CALLBACK_STATUS PreOpenThread(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);

    static PVOID s_RegHandle;
    static FastMutexLock s_Lock;
    static KArray<ULONG, HK_MAX_TIDS> s_Tids;
};

// HandleQuery.cpp
NTSTATUS QueryHandle(ULONG ProcessId, ULONG64 Handle, ULONG64* Object,
                     ULONG* GrantedAccess, ULONG* Attributes);

} // namespace hk

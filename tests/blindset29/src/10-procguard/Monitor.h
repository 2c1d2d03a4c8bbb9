#pragma once
#include "KUtil.h"

// Monitor - owns every system callback registration. Registrations are kept in a
// table and undone in reverse order, both on a failed Start() and in Stop().
class Monitor {
public:
    static NTSTATUS Start(_In_ PDRIVER_OBJECT driver);
    static void Stop();

private:
    struct Registration {
        const char* Name;
        NTSTATUS (*Register)();
        void (*Unregister)();
        bool Active;
    };

    static NTSTATUS RegisterProcess();
    static void     UnregisterProcess();
    static NTSTATUS RegisterObject();
    static void     UnregisterObject();
    static NTSTATUS RegisterRegistry();
    static void     UnregisterRegistry();

    static void OnProcess(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info);
    static OB_PREOP_CALLBACK_STATUS OnPreProcessHandle(PVOID context, POB_PRE_OPERATION_INFORMATION info);
    static NTSTATUS OnRegistry(PVOID context, PVOID arg1, PVOID arg2);

    static Registration    s_Table[];
    static PDRIVER_OBJECT  s_Driver;
    static PVOID           s_ObHandle;
    static LARGE_INTEGER   s_CmCookie;
};

#pragma once
#include "EventQueue.h"

//
// All kernel notification registrations of the shield, owned by one class.
// RegisterAll() either registers everything or nothing.
//
class Callbacks {
public:
    static NTSTATUS RegisterAll(_In_ PDRIVER_OBJECT DriverObject);
    static void     UnregisterAll();
    static void     SetProtectedProcess(_In_opt_ HANDLE Pid);

private:
    struct Registration {
        const char* Name;
        NTSTATUS  (*Register)(_In_ PDRIVER_OBJECT DriverObject);
        void      (*Unregister)();
    };

    // registration steps, one pair per s_Table entry
    static NTSTATUS RegisterObject(_In_ PDRIVER_OBJECT);   static void UnregisterObject();
    static NTSTATUS RegisterRegistry(_In_ PDRIVER_OBJECT); static void UnregisterRegistry();
    static NTSTATUS RegisterProcess(_In_ PDRIVER_OBJECT);  static void UnregisterProcess();
    static NTSTATUS RegisterThread(_In_ PDRIVER_OBJECT);   static void UnregisterThread();
    static NTSTATUS RegisterImage(_In_ PDRIVER_OBJECT);    static void UnregisterImage();

    // the callbacks themselves
    static OB_PREOP_CALLBACK_STATUS OnPreProcessHandle(_In_ PVOID Context, _Inout_ POB_PRE_OPERATION_INFORMATION Info);
    static NTSTATUS OnRegistry(_In_ PVOID Context, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2);
    static void OnProcess(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
    static void OnThread(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create);
    static void OnImage(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);

    static const Registration s_Table[];
    static ULONG              s_Registered;     // number of s_Table entries currently registered
    static PVOID              s_ObHandle;
    static LARGE_INTEGER      s_CmCookie;
    static HANDLE volatile    s_ProtectedPid;
};

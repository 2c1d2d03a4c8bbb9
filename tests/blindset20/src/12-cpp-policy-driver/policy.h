/*++

Copyright (c) Trey Research Security.  All rights reserved.

Module Name:

    policy.h

Abstract:

    Process start policy driver (kernel C++).

      PolicyStore       blocked image names, loaded from the service key
                        and editable through the control device
      ProcessMonitor    denies process creation for blocked images
      ImageMonitor      counts image loads (telemetry)
      RegistryMonitor   counts registry operations (telemetry)
      ControlDevice     named control device and its dispatch routines
      PolicyDriver      owns all of the above; its destructor is the
                        single teardown path for DriverEntry failure and
                        Unload

    Each component undoes its own registration in its destructor and is
    safe to destroy whether or not it was ever started, so a partially
    initialized PolicyDriver can simply be deleted.

Environment:

    Kernel mode, /kernel C++.

--*/

#pragma once

#include "kcpp.h"

#define KPOL_TAG_DRIVER         'dLoP'
#define KPOL_TAG_STRING         'sLoP'

#define KPOL_NT_DEVICE_NAME     L"\\Device\\TreyPolicy"
#define KPOL_DOS_DEVICE_NAME    L"\\DosDevices\\TreyPolicy"
#define KPOL_ALTITUDE           L"385210.5"

#define KPOL_MAX_RULES          32
#define KPOL_RULE_CCH           64

#define FILE_DEVICE_KPOL            0x8F30
#define IOCTL_KPOL_ADD_RULE         CTL_CODE(FILE_DEVICE_KPOL, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KPOL_CLEAR_RULES      CTL_CODE(FILE_DEVICE_KPOL, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KPOL_GET_COUNTERS     CTL_CODE(FILE_DEVICE_KPOL, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

struct KPOL_COUNTERS
{
    LONG64 ProcessesSeen;
    LONG64 ProcessesBlocked;
    LONG64 ImagesLoaded;
    LONG64 RegistryOperations;
};

class PolicyDriver;

//
// Blocked image names (file name only, case-insensitive).
//
class PolicyStore : kcpp::NonCopyable
{
public:
    PolicyStore() : m_Count(0) { RtlZeroMemory(m_Rules, sizeof(m_Rules)); }

    _IRQL_requires_(PASSIVE_LEVEL)
    void LoadFromRegistry(_In_ PCUNICODE_STRING ServiceKey);

    _IRQL_requires_max_(APC_LEVEL)
    NTSTATUS AddRule(_In_reads_(Cch) PCWSTR Name, _In_ SIZE_T Cch);

    _IRQL_requires_max_(APC_LEVEL)
    void Clear();

    _IRQL_requires_max_(APC_LEVEL)
    bool IsBlocked(_In_opt_ PCUNICODE_STRING ImagePath);

private:
    NTSTATUS AddRuleLocked(_In_reads_(Cch) PCWSTR Name, _In_ SIZE_T Cch);

    kcpp::PushLock  m_Lock;
    ULONG           m_Count;
    WCHAR           m_Rules[KPOL_MAX_RULES][KPOL_RULE_CCH];
};

class ProcessMonitor : kcpp::NonCopyable
{
public:
    ProcessMonitor() : m_Registered(false) {}
    ~ProcessMonitor() { Stop(); }

    NTSTATUS Start();
    void Stop();

private:
    static VOID OnProcessNotify(_Inout_ PEPROCESS Process,
                                _In_ HANDLE ProcessId,
                                _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

    bool m_Registered;
};

class ImageMonitor : kcpp::NonCopyable
{
public:
    ImageMonitor() : m_Registered(false) {}
    ~ImageMonitor() { Stop(); }

    NTSTATUS Start();
    void Stop();

private:
    static VOID OnImageLoad(_In_opt_ PUNICODE_STRING FullImageName,
                            _In_ HANDLE ProcessId,
                            _In_ PIMAGE_INFO ImageInfo);

    bool m_Registered;
};

class RegistryMonitor : kcpp::NonCopyable
{
public:
    RegistryMonitor() : m_Registered(false)
    {
        RtlZeroMemory(&m_Altitude, sizeof(m_Altitude));
        m_Cookie.QuadPart = 0;
    }
    ~RegistryMonitor() { Stop(); }

    NTSTATUS Start(_In_ PDRIVER_OBJECT DriverObject);
    void Stop();

private:
    static NTSTATUS OnRegistryNotify(_In_ PVOID CallbackContext,
                                     _In_opt_ PVOID Argument1,
                                     _In_opt_ PVOID Argument2);

    UNICODE_STRING m_Altitude;      // must outlive the registration
    LARGE_INTEGER m_Cookie;
    bool m_Registered;
};

class ControlDevice : kcpp::NonCopyable
{
public:
    ControlDevice() : m_Device(nullptr), m_LinkCreated(false) {}
    ~ControlDevice() { Delete(); }

    NTSTATUS Create(_In_ PDRIVER_OBJECT DriverObject);
    void Delete();

    static void InstallDispatchTable(_Inout_ PDRIVER_OBJECT DriverObject);

private:
    static DRIVER_DISPATCH DispatchCreateClose;
    static DRIVER_DISPATCH DispatchDeviceControl;
    static DRIVER_DISPATCH DispatchUnsupported;

    PDEVICE_OBJECT m_Device;
    bool m_LinkCreated;
};

class PolicyDriver : kcpp::NonCopyable
{
public:
    _IRQL_requires_(PASSIVE_LEVEL)
    static NTSTATUS Create(_In_ PDRIVER_OBJECT DriverObject,
                           _In_ PCUNICODE_STRING RegistryPath,
                           _Outptr_ PolicyDriver** Driver);

    ~PolicyDriver();

    static DRIVER_UNLOAD Unload;

    static PolicyDriver* Instance() { return s_Instance; }

    PolicyStore& Policy() { return m_Policy; }
    KPOL_COUNTERS& Counters() { return m_Counters; }

private:
    explicit PolicyDriver(_In_ PDRIVER_OBJECT DriverObject);

    NTSTATUS Initialize(_In_ PCUNICODE_STRING RegistryPath);

    static PolicyDriver* s_Instance;

    //
    // Declaration order is construction order; members are destroyed in
    // reverse, so the callbacks go away before the state they use.
    //
    PDRIVER_OBJECT          m_DriverObject;
    kcpp::UnicodeString     m_ServiceKey;
    KPOL_COUNTERS           m_Counters;
    PolicyStore             m_Policy;
    ControlDevice           m_Device;
    ProcessMonitor          m_Process;
    ImageMonitor            m_Image;
    RegistryMonitor         m_Registry;
};

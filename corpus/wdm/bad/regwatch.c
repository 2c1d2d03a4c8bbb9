/*
 * regwatch.c - tamper-protection driver of an endpoint agent: a registry
 * callback protects the agent's service key, an object callback strips
 * PROCESS_TERMINATE from handles opened to the agent process. No devices;
 * DriverUnload removes both callbacks (used by the uninstaller).
 *
 * BUG (DE006): when ObRegisterCallbacks fails (typically
 * STATUS_ACCESS_DENIED when the image is not linked with /INTEGRITYCHECK),
 * DriverEntry returns without CmUnRegisterCallback. The driver is unloaded
 * with its registry callback still registered: the next registry operation
 * calls into freed code.
 */

#include <ntddk.h>

#define REGWATCH_ALTITUDE L"385210"

#ifndef PROCESS_TERMINATE        /* winnt.h access right; not in ntddk.h */
#define PROCESS_TERMINATE 0x0001
#endif

static LARGE_INTEGER RwCmCookie;
static PVOID RwObHandle;
static HANDLE RwProtectedPid;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RwUnload;

static NTSTATUS NTAPI RwRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1,
                                         _In_opt_ PVOID Argument2);
static OB_PREOP_CALLBACK_STATUS NTAPI RwPreOpenProcess(_In_ PVOID RegistrationContext,
                                                       _Inout_ POB_PRE_OPERATION_INFORMATION Info);

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(REGWATCH_ALTITUDE);
    OB_OPERATION_REGISTRATION opReg;
    OB_CALLBACK_REGISTRATION cbReg;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = CmRegisterCallbackEx(RwRegistryCallback, &altitude, DriverObject, NULL,
                                  &RwCmCookie, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&opReg, sizeof(opReg));
    opReg.ObjectType   = PsProcessType;
    opReg.Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    opReg.PreOperation = RwPreOpenProcess;

    RtlZeroMemory(&cbReg, sizeof(cbReg));
    cbReg.Version                    = OB_FLT_REGISTRATION_VERSION;
    cbReg.OperationRegistrationCount = 1;
    cbReg.Altitude                   = altitude;
    cbReg.OperationRegistration      = &opReg;

    status = ObRegisterCallbacks(&cbReg, &RwObHandle);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regwatch: ObRegisterCallbacks failed 0x%08X\n", status));
        return status;                                  // expect: DE006
    }

    DriverObject->DriverUnload = RwUnload;
    return STATUS_SUCCESS;
}

VOID
RwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ObUnRegisterCallbacks(RwObHandle);
    CmUnRegisterCallback(RwCmCookie);
}

static NTSTATUS NTAPI
RwRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);

    /* Key-name matching against the agent's service key elided. */
    return STATUS_SUCCESS;
}

static OB_PREOP_CALLBACK_STATUS NTAPI
RwPreOpenProcess(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (RwProtectedPid != NULL &&
        PsGetProcessId((PEPROCESS)Info->Object) == RwProtectedPid &&
        Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
    }
    return OB_PREOP_SUCCESS;
}

// telemetry.cpp - the two ETW providers of hvaudit.

#include "hvaudit.h"
#include "telemetry.tmh"

// {8E2F4C11-5A3D-4B7E-9C60-1D2E3F4A5B6C}  Hvaudit-Operational
static const GUID HVA_OPERATIONAL_PROVIDER =
    { 0x8e2f4c11, 0x5a3d, 0x4b7e, { 0x9c, 0x60, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b, 0x6c } };

// {8E2F4C12-5A3D-4B7E-9C60-1D2E3F4A5B6C}  Hvaudit-Audit
static const GUID HVA_AUDIT_PROVIDER =
    { 0x8e2f4c12, 0x5a3d, 0x4b7e, { 0x9c, 0x60, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b, 0x6c } };

static void NTAPI
HvaEnableCallback(
    _In_     LPCGUID                  SourceId,
    _In_     ULONG                    ControlCode,
    _In_     UCHAR                    Level,
    _In_     ULONGLONG                MatchAnyKeyword,
    _In_     ULONGLONG                MatchAllKeyword,
    _In_opt_ PEVENT_FILTER_DESCRIPTOR FilterData,
    _Inout_opt_ PVOID                 CallbackContext
    )
{
    UNREFERENCED_PARAMETER(SourceId);
    UNREFERENCED_PARAMETER(Level);
    UNREFERENCED_PARAMETER(MatchAnyKeyword);
    UNREFERENCED_PARAMETER(MatchAllKeyword);
    UNREFERENCED_PARAMETER(FilterData);

    auto flag = static_cast<volatile LONG*>(CallbackContext);
    if (flag == nullptr) {
        return;
    }

    switch (ControlCode) {
    case EVENT_CONTROL_CODE_ENABLE_PROVIDER:
        InterlockedExchange(flag, 1);
        break;
    case EVENT_CONTROL_CODE_DISABLE_PROVIDER:
        InterlockedExchange(flag, 0);
        break;
    default:
        break;
    }
}

NTSTATUS
HvaRegisterProviders()
{
    NTSTATUS status = EtwRegister(&HVA_OPERATIONAL_PROVIDER, HvaEnableCallback,
                                  const_cast<LONG*>(&g_Hva.EnabledOperational),
                                  &g_Hva.OperationalProvider);
    if (!NT_SUCCESS(status)) {
        DbgTrace(TRACE_LEVEL_WARNING, DBG_ETW, "operational provider %!STATUS!", status);
        g_Hva.OperationalProvider = 0;
    }

    NTSTATUS auditStatus = EtwRegister(&HVA_AUDIT_PROVIDER, HvaEnableCallback,
                                       const_cast<LONG*>(&g_Hva.EnabledAudit),
                                       &g_Hva.AuditProvider);
    if (!NT_SUCCESS(auditStatus)) {
        DbgTrace(TRACE_LEVEL_WARNING, DBG_ETW, "audit provider %!STATUS!", auditStatus);
        g_Hva.AuditProvider = 0;
    }

    // Reported for the trace only; callers do not fail on it.
    return NT_SUCCESS(status) ? auditStatus : status;
}

void
HvaUnregisterProviders()
{
    if (g_Hva.AuditProvider != 0) {
        EtwUnregister(g_Hva.AuditProvider);
        g_Hva.AuditProvider = 0;
    }
    if (g_Hva.OperationalProvider != 0) {
        EtwUnregister(g_Hva.OperationalProvider);
        g_Hva.OperationalProvider = 0;
    }
}

void
HvaWriteRecord(const HVA_RECORD* Record)
{
    EVENT_DESCRIPTOR descriptor;
    EVENT_DATA_DESCRIPTOR data[3];

    EventDataDescCreate(&data[0], &Record->Kind, sizeof(ULONG));
    EventDataDescCreate(&data[1], &Record->Severity, sizeof(ULONG));
    EventDataDescCreate(&data[2], Record->Text, Record->TextBytes);

    if (g_Hva.OperationalProvider != 0 && g_Hva.EnabledOperational) {
        EventDescCreate(&descriptor, 1, 0, 0, static_cast<UCHAR>(Record->Severity), 0, 0, 0);
        EtwWrite(g_Hva.OperationalProvider, &descriptor, nullptr, ARRAYSIZE(data), data);
    }

    if (Record->Kind == 1 && g_Hva.AuditProvider != 0 && g_Hva.EnabledAudit) {
        EventDescCreate(&descriptor, 2, 0, 0, TRACE_LEVEL_INFORMATION, 0, 0, 0);
        EtwWrite(g_Hva.AuditProvider, &descriptor, nullptr, ARRAYSIZE(data), data);
    }
}

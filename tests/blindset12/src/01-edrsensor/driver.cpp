//
// EdrLite: process, thread, image, handle and file-open telemetry in one driver.
// Build with /INTEGRITYCHECK or the Ps*Ex / Ob* registrations are refused.
//
#include "sensor.h"

namespace edr {

Hub g_Hub;

static UNICODE_STRING s_Altitude = RTL_CONSTANT_STRING(L"321450.77");

NTSTATUS Hub::RegisterObjectCallbacks()
{
    OB_OPERATION_REGISTRATION ops[1] = {};
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = Sensors::OnHandle;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    reg.Altitude = s_Altitude;
    reg.RegistrationContext = nullptr;
    reg.OperationRegistration = ops;

    return ObRegisterCallbacks(&reg, &m_ObHandle);
}

NTSTATUS Hub::RegisterFileFilter(PDRIVER_OBJECT DriverObject)
{
    auto status = FltRegisterFilter(DriverObject, &FilterRegistration, &m_Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    Mark(Step::FilterRegged);

    status = FltStartFiltering(m_Filter);
    if (NT_SUCCESS(status)) {
        Mark(Step::FilterStarted);
    }
    // on failure Shutdown() sees FilterRegged and unregisters
    return status;
}

NTSTATUS Hub::Init(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;

    do {
        status = PsSetCreateProcessNotifyRoutineEx(Sensors::OnProcess, FALSE);
        if (!NT_SUCCESS(status)) {
            EDR_ERR("process notify: 0x%08X", status);
            break;
        }
        Mark(Step::ProcessNotify);

        status = PsSetCreateThreadNotifyRoutine(Sensors::OnThread);
        if (!NT_SUCCESS(status)) {
            EDR_ERR("thread notify: 0x%08X", status);
            break;
        }
        Mark(Step::ThreadNotify);

        // image loads are nice to have; keep going without them
        if (NT_SUCCESS(PsSetLoadImageNotifyRoutine(Sensors::OnImage))) {
            Mark(Step::ImageNotify);
        } else {
            EDR_ERR("image notify unavailable, continuing");
        }

        // object callbacks too (test-signed builds without /INTEGRITYCHECK get ACCESS_DENIED)
        if (NT_SUCCESS(RegisterObjectCallbacks())) {
            Mark(Step::ObCallbacks);
        } else {
            m_ObHandle = nullptr;
            EDR_ERR("object callbacks unavailable, continuing");
        }

        status = RegisterFileFilter(DriverObject);
        if (!NT_SUCCESS(status)) {
            EDR_ERR("minifilter: 0x%08X", status);
            break;
        }
    } while (false);

    if (!NT_SUCCESS(status)) {
        Shutdown();
    }
    return status;
}

void Hub::Shutdown()
{
    if (Has(m_Done, Step::FilterRegged)) {
        FltUnregisterFilter(m_Filter);
        m_Filter = nullptr;
        Clear(Step::FilterRegged | Step::FilterStarted);
    }
    if (Has(m_Done, Step::ObCallbacks)) {
        ObUnRegisterCallbacks(m_ObHandle);
        m_ObHandle = nullptr;
        Clear(Step::ObCallbacks);
    }
    if (Has(m_Done, Step::ImageNotify)) {
        PsRemoveLoadImageNotifyRoutine(Sensors::OnImage);
        Clear(Step::ImageNotify);
    }
    if (Has(m_Done, Step::ThreadNotify)) {
        PsRemoveCreateThreadNotifyRoutine(Sensors::OnThread);
        Clear(Step::ThreadNotify);
    }
    if (Has(m_Done, Step::ProcessNotify)) {
        PsSetCreateProcessNotifyRoutineEx(Sensors::OnProcess, TRUE);
        Clear(Step::ProcessNotify);
    }
}

} // namespace edr

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    EDR_LOG("DriverEntry %p", DriverObject);

    // The filter manager routes unload through edr::FilterUnload,
    // which calls Hub::Shutdown.
    const auto status = edr::g_Hub.Init(DriverObject);
    if (!NT_SUCCESS(status)) {
        EDR_ERR("init failed 0x%08X", status);
    }
    return status;
}

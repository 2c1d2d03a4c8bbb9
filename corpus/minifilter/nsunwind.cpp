// nsunwind.cpp - a minifilter that counts creates, its globals in a
// namespace. DriverEntry names them qualified (`cc::g_Filter`), the unload
// callback, inside the namespace, plainly (`g_Filter`): the same variable.
// Every failure returns through one unwind lambda, which unregisters the
// filter when the handle is set; FltRegisterFilter sets it only when it
// succeeds.

#include <fltKernel.h>

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace cc {

PFLT_FILTER g_Filter = nullptr;
volatile LONG g_Creates = 0;

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    InterlockedIncrement(&g_Creates);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI
Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION s_Callbacks[] = {
    { IRP_MJ_CREATE, 0, PreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION s_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    s_Callbacks,
    Unload,
};

} // namespace cc

extern "C" NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: minifilter
{
    UNREFERENCED_PARAMETER(RegistryPath);

    auto unwind = [&](NTSTATUS st) -> NTSTATUS {
        if (cc::g_Filter != nullptr) {
            FltUnregisterFilter(cc::g_Filter);
            cc::g_Filter = nullptr;
        }
        return st;
    };

    NTSTATUS status = FltRegisterFilter(DriverObject, &cc::s_Registration, &cc::g_Filter);
    if (!NT_SUCCESS(status)) {
        cc::g_Filter = nullptr;
        return unwind(status);
    }
    status = FltStartFiltering(cc::g_Filter);
    if (!NT_SUCCESS(status)) {
        return unwind(status);
    }
    return STATUS_SUCCESS;
}

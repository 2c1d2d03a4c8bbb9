// registry.cpp -- small Zw* helpers
#include "shutguard.h"

namespace sg {

NTSTATUS OpenKey(PCUNICODE_STRING Path, ACCESS_MASK Access, PHANDLE Key)
{
    OBJECT_ATTRIBUTES oa;
    ULONG             disposition = 0;

    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(Path),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    // create it if the INF did not
    return ZwCreateKey(Key, Access, &oa, 0, nullptr, REG_OPTION_NON_VOLATILE, &disposition);
}

template <typename T, ULONG RegType>
static NTSTATUS ReadFixed(HANDLE Key, PCWSTR Name, T* Value)
{
    UNICODE_STRING name;
    ULONG          got = 0;
    union {
        KEY_VALUE_PARTIAL_INFORMATION info;
        UCHAR raw[FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(T)];
    } buf;

    RtlInitUnicodeString(&name, Name);
    NTSTATUS status = ZwQueryValueKey(Key, &name, KeyValuePartialInformation,
                                      &buf, sizeof(buf), &got);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (buf.info.Type != RegType || buf.info.DataLength != sizeof(T)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    RtlCopyMemory(Value, buf.info.Data, sizeof(T));
    return STATUS_SUCCESS;
}

NTSTATUS ReadQword(HANDLE Key, PCWSTR Name, PLARGE_INTEGER Value)
{
    return ReadFixed<LARGE_INTEGER, REG_QWORD>(Key, Name, Value);
}

NTSTATUS ReadDword(HANDLE Key, PCWSTR Name, PULONG Value)
{
    return ReadFixed<ULONG, REG_DWORD>(Key, Name, Value);
}

} // namespace sg

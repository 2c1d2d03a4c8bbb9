#include "Guard.hpp"

namespace pg
{
    namespace
    {
        class RegKey
        {
        public:
            RegKey() = default;
            ~RegKey() { if (m_h) ZwClose(m_h); }
            RegKey(const RegKey&) = delete;
            RegKey& operator=(const RegKey&) = delete;

            NTSTATUS Open(HANDLE root, PCUNICODE_STRING name)
            {
                OBJECT_ATTRIBUTES oa;
                InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(name),
                                           OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, root, nullptr);
                return ZwOpenKey(&m_h, KEY_QUERY_VALUE, &oa);
            }
            HANDLE Get() const { return m_h; }

        private:
            HANDLE m_h = nullptr;
        };

        class PoolPtr
        {
        public:
            explicit PoolPtr(SIZE_T size)
                : m_p(ExAllocatePool2(POOL_FLAG_PAGED, size, PG_TAG)) {}
            ~PoolPtr() { if (m_p) ExFreePoolWithTag(m_p, PG_TAG); }
            PoolPtr(const PoolPtr&) = delete;
            PoolPtr& operator=(const PoolPtr&) = delete;

            PVOID Get() const { return m_p; }
            PVOID Release() { auto p = m_p; m_p = nullptr; return p; }

        private:
            PVOID m_p;
        };

        NTSTATUS MakeString(PCWSTR src, USHORT bytes, PUNICODE_STRING out)
        {
            PoolPtr buf(bytes + sizeof(WCHAR));
            if (!buf.Get()) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            RtlCopyMemory(buf.Get(), src, bytes);
            static_cast<PWCH>(buf.Get())[bytes / sizeof(WCHAR)] = UNICODE_NULL;

            out->Buffer = static_cast<PWCH>(buf.Release());
            out->Length = bytes;
            out->MaximumLength = static_cast<USHORT>(bytes + sizeof(WCHAR));
            return STATUS_SUCCESS;
        }
    }

    void FreeString(_Inout_ PUNICODE_STRING Str)
    {
        if (Str->Buffer) {
            ExFreePoolWithTag(Str->Buffer, PG_TAG);
        }
        RtlZeroMemory(Str, sizeof(*Str));
    }

    NTSTATUS ReadProtectedImage(_In_ PCUNICODE_STRING RegistryPath, _Out_ PUNICODE_STRING Out)
    {
        RtlZeroMemory(Out, sizeof(*Out));

        auto useDefault = [Out]() {
            return MakeString(PG_DEFAULT_IMG, static_cast<USHORT>(sizeof(PG_DEFAULT_IMG) - sizeof(WCHAR)), Out);
        };

        RegKey service, params;
        auto status = service.Open(nullptr, RegistryPath);
        if (!NT_SUCCESS(status)) {
            return status;
        }

        UNICODE_STRING sub = RTL_CONSTANT_STRING(L"Parameters");
        status = params.Open(service.Get(), &sub);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            return useDefault();
        }
        if (!NT_SUCCESS(status)) {
            return status;
        }

        UNICODE_STRING value = RTL_CONSTANT_STRING(L"ProtectedImage");
        ULONG needed = 0;
        status = ZwQueryValueKey(params.Get(), &value, KeyValuePartialInformation, nullptr, 0, &needed);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            return useDefault();
        }
        if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
            return NT_SUCCESS(status) ? STATUS_INVALID_PARAMETER : status;
        }

        PoolPtr raw(needed);
        if (!raw.Get()) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        auto info = static_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw.Get());
        status = ZwQueryValueKey(params.Get(), &value, KeyValuePartialInformation, info, needed, &needed);
        if (!NT_SUCCESS(status)) {
            return status;
        }

        if (info->Type != REG_SZ || info->DataLength < 2 * sizeof(WCHAR) || info->DataLength > 512 ||
            (info->DataLength % sizeof(WCHAR)) != 0) {
            PG_FAIL("ProtectedImage has wrong type/size, using default");
            return useDefault();
        }

        // drop the terminator if the value carries one
        auto chars = reinterpret_cast<PCWSTR>(info->Data);
        USHORT bytes = static_cast<USHORT>(info->DataLength);
        if (chars[bytes / sizeof(WCHAR) - 1] == UNICODE_NULL) {
            bytes -= sizeof(WCHAR);
        }
        return MakeString(chars, bytes, Out);
    }
}

// crypto.cpp - CNG (ksecdd) wrapper.  Mirrors crypto_openssl.c on Linux.
#include "kg.hpp"

namespace kg {
namespace crypto {

namespace {
BCRYPT_ALG_HANDLE s_aes = nullptr;
BCRYPT_ALG_HANDLE s_rng = nullptr;
BCRYPT_KEY_HANDLE s_key = nullptr;
UCHAR             s_keyBytes[kKeyBytes];
} // namespace

NTSTATUS Init()
{
    NTSTATUS status;

    status = BCryptOpenAlgorithmProvider(&s_aes, BCRYPT_AES_ALGORITHM, nullptr, BCRYPT_PROV_DISPATCH);
    if (!NT_SUCCESS(status)) {
        KG_LOG("open AES 0x%08X", status);
        return status;
    }

    status = BCryptSetProperty(s_aes, BCRYPT_CHAINING_MODE, (PUCHAR)BCRYPT_CHAIN_MODE_GCM,
                               sizeof(BCRYPT_CHAIN_MODE_GCM), 0);
    if (!NT_SUCCESS(status))
        goto fail;

    status = BCryptOpenAlgorithmProvider(&s_rng, BCRYPT_RNG_ALGORITHM, nullptr, BCRYPT_PROV_DISPATCH);
    if (!NT_SUCCESS(status))
        goto fail;

    // fresh wrapping key every boot; sealed blobs do not survive a reboot
    status = BCryptGenRandom(s_rng, s_keyBytes, sizeof(s_keyBytes), 0);
    if (!NT_SUCCESS(status))
        goto fail;

    status = BCryptGenerateSymmetricKey(s_aes, &s_key, nullptr, 0, s_keyBytes, sizeof(s_keyBytes), 0);
    if (!NT_SUCCESS(status))
        goto fail;

    return STATUS_SUCCESS;

fail:
    KG_LOG("crypto init 0x%08X", status);
    if (s_rng != nullptr)
        BCryptCloseAlgorithmProvider(s_rng, 0);
    BCryptCloseAlgorithmProvider(s_aes, 0);
    RtlSecureZeroMemory(s_keyBytes, sizeof(s_keyBytes));
    return status;
}

void Fini()
{
    if (s_key != nullptr) {
        BCryptDestroyKey(s_key);
        s_key = nullptr;
    }
    if (s_rng != nullptr) {
        BCryptCloseAlgorithmProvider(s_rng, 0);
        s_rng = nullptr;
    }
    if (s_aes != nullptr) {
        BCryptCloseAlgorithmProvider(s_aes, 0);
        s_aes = nullptr;
    }
    RtlSecureZeroMemory(s_keyBytes, sizeof(s_keyBytes));
}

// out = nonce | tag | ciphertext
NTSTATUS Seal(const UCHAR* in, ULONG inLen, UCHAR* out, ULONG outLen, ULONG* written)
{
    BCRYPT_AUTHENTICATED_CIPHER_MODE_INFO info;
    ULONG done = 0;
    NTSTATUS status;

    if (outLen < kNonceBytes + kAuthBytes + inLen)
        return STATUS_BUFFER_TOO_SMALL;

    status = BCryptGenRandom(s_rng, out, kNonceBytes, 0);
    if (!NT_SUCCESS(status))
        return status;

    BCRYPT_INIT_AUTH_MODE_INFO(info);
    info.pbNonce = out;
    info.cbNonce = kNonceBytes;
    info.pbTag   = out + kNonceBytes;
    info.cbTag   = kAuthBytes;

    status = BCryptEncrypt(s_key, const_cast<PUCHAR>(in), inLen, &info, nullptr, 0,
                           out + kNonceBytes + kAuthBytes, outLen - kNonceBytes - kAuthBytes,
                           &done, 0);
    if (NT_SUCCESS(status))
        *written = kNonceBytes + kAuthBytes + done;
    return status;
}

} // namespace crypto
} // namespace kg

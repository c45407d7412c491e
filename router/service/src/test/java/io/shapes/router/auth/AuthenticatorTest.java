package io.shapes.router.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.shapes.core.Placement;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.ShapesException;
import io.shapes.snapshot.ApiKeys;
import io.shapes.snapshot.KeyEntry;
import io.shapes.snapshot.KeyHash;
import io.shapes.snapshot.KeyIndex;
import io.shapes.snapshot.KeyShard;

/** Bearer header → caller: the admin token, a tenant's key from the snapshot, or 401; a key acts for its tenant only. */
class AuthenticatorTest {
    private static final String ADMIN = "admin-token-0123456789abcdef0123456789";
    private static final String ACME_KEY = ApiKeys.generate();
    private static final Placement ACME_PLACEMENT = new Placement(List.of(17, 9000));
    private final Authenticator authenticator = new Authenticator(ADMIN);
    private final KeyIndex keys = keysOf(ACME_KEY, new KeyEntry("acme", ACME_PLACEMENT));

    private static KeyIndex keysOf(String key, KeyEntry entry) {
        TreeMap<KeyHash, KeyEntry> entries = new TreeMap<>();
        entries.put(KeyHash.ofHex(ApiKeys.hash(key)), entry);
        return new KeyIndex(0, List.of(KeyShard.decode(KeyShard.encode(0, 0, entries), 0, 0)));
    }

    @Test
    void aTenantsKeyIsThatTenantWithItsPlacement() {
        Caller caller = authenticator.authenticate("Bearer " + ACME_KEY, keys);
        Caller.Tenant tenant = assertInstanceOf(Caller.Tenant.class, caller);
        assertEquals("acme", tenant.name());
        assertEquals(ACME_PLACEMENT, tenant.placement());
        Authenticator.requireTenant(caller, "acme");
        assertEquals(ErrorCode.FORBIDDEN.code(), assertThrows(ShapesException.class,
                () -> Authenticator.requireTenant(caller, "globex")).problem().code(), "not another tenant's paths");
        assertEquals(ErrorCode.FORBIDDEN.code(), assertThrows(ShapesException.class,
                () -> Authenticator.requireAdmin(caller)).problem().code(), "not the admin calls");
    }

    @Test
    void theAdminTokenIsTheAdminAndNoTenant() {
        Caller caller = authenticator.authenticate("Bearer " + ADMIN, keys);
        assertInstanceOf(Caller.Admin.class, caller);
        Authenticator.requireAdmin(caller);
        assertEquals(ErrorCode.FORBIDDEN.code(), assertThrows(ShapesException.class,
                () -> Authenticator.requireTenant(caller, "acme")).problem().code());
    }

    @Test
    void everythingElseIsUnauthenticated() {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic " + ACME_KEY, "bearer " + ACME_KEY,
                "Bearer " + ApiKeys.generate(), "Bearer " + ADMIN.substring(1), "Bearer " + ADMIN + "x",
                "Bearer " + "k".repeat(600), "Bearer " + ACME_KEY.substring(0, ACME_KEY.length() - 1)}) {
            ShapesException e = assertThrows(ShapesException.class, () -> authenticator.authenticate(header, keys),
                    "refused: " + header);
            assertEquals(ErrorCode.UNAUTHENTICATED.code(), e.problem().code(), "401 for " + header);
        }
    }
}

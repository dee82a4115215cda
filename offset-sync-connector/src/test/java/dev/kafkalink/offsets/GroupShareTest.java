package dev.kafkalink.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GroupShareTest {

    @Test
    void everyGroupHasExactlyOneOwner() {
        GroupShare[] shares = {GroupShare.parse("0/3"), GroupShare.parse("1/3"), GroupShare.parse("2/3")};
        int[] owned = new int[3];
        for (int g = 0; g < 3000; g++) {
            String group = "group-" + g;
            int owners = 0;
            for (int s = 0; s < shares.length; s++) {
                if (shares[s].owns(group)) {
                    owners++;
                    owned[s]++;
                }
            }
            assertEquals(1, owners, group);
        }
        for (int count : owned) {
            assertEquals(1000, count, 150);
        }
    }

    @Test
    void roundTripsAndRejectsNonsense() {
        assertEquals(new GroupShare(2, 5), GroupShare.parse(new GroupShare(2, 5).encode()));
        assertThrows(IllegalArgumentException.class, () -> new GroupShare(3, 3));
        assertThrows(IllegalArgumentException.class, () -> new GroupShare(0, 0));
    }
}

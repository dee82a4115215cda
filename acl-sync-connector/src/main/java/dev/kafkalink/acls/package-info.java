/** ACLs kept in sync with ownership: {@code AclSyncConnector} (issue 4, not built yet). */
package dev.kafkalink.acls;
